package org.switchboard.plugins.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.FailureKind;
import org.switchboard.api.HttpReply;
import org.switchboard.api.SendResult;

/**
 * Reads the bridge's answer to {@code POST /v2/send}: both success shapes and its errors.
 *
 * <p>Released bridges (≤ 0.100) answer {@code 201 {"timestamp":"1700812896656"}}; newer ones (master since
 * 6a225e6) answer an array with per-recipient failures:
 * <pre>[{"timestamp":"1700812896656","errors":{"recipients":[{"uuid":"…","reason":"UNREGISTERED_FAILURE"}]}}]</pre>
 * The timestamp is the message's id: delivery and read receipts name it.
 */
final class SignalSendResponse {
  static final String IDENTITY_CODE = "identity";
  static final String IDENTITY_REASON =
      "the contact's safety number changed; verify it, then trust it in the bridge";

  private SignalSendResponse() {
  }

  /** Maps an answer to a send result; never echoes numbers or UUIDs from it. */
  static SendResult interpret(HttpReply reply, ObjectMapper json) {
    int status = reply.status();
    if (reply.isSuccess()) {
      return success(reply, json);
    }
    String error = BridgeErrors.errorText(reply, json);
    String kind = BridgeErrors.classify(error);
    if (status == 429) {
      return throttled(reply, json);
    }
    if (status >= 500) {
      return new SendResult.Failed(FailureKind.BAD_RESPONSE, Optional.of("http-" + status),
          "the Signal bridge failed (HTTP " + status + ")", Optional.empty());
    }
    if (status == 401 || status == 403 || status == 404 || status == 405) {
      return SendResult.failed(FailureKind.CONFIG, "http-" + status,
          "the Bridge URL does not answer like the signal-cli REST API (HTTP " + status + "); check it");
    }
    switch (kind) {
      case BridgeErrors.UNTRUSTED_IDENTITY:
        return SendResult.failed(FailureKind.REJECTED, IDENTITY_CODE, IDENTITY_REASON);
      case BridgeErrors.ACCOUNT_NOT_REGISTERED:
        return SendResult.failed(FailureKind.CONFIG, "not-registered",
            "the hotline number is not registered or linked in the Signal bridge; link or register it again");
      case BridgeErrors.RECIPIENT_UNREGISTERED:
        return SendResult.failed(FailureKind.REJECTED, "UNREGISTERED_FAILURE",
            "the recipient is not registered with Signal");
      case BridgeErrors.RATE_LIMITED:
        return throttled(reply, json);
      default:
        String reason = BridgeErrors.redact(error);
        return SendResult.failed(FailureKind.REJECTED, "http-" + status,
            "the Signal bridge refused the message" + (reason.isEmpty() ? "" : ": " + reason));
    }
  }

  private static SendResult success(HttpReply reply, ObjectMapper json) {
    JsonNode root;
    try {
      root = json.readTree(reply.body());
    } catch (IOException e) {
      root = null;
    }
    JsonNode result = root != null && root.isArray() && root.size() > 0 ? root.get(0) : root;
    if (result == null || !result.isObject()) {
      return unreadable(reply);
    }
    JsonNode failures = result.path("errors").path("recipients");
    if (failures.isArray() && failures.size() > 0) {
      // One recipient per send, so any entry is about this message's recipient.
      return recipientFailure(failures.get(0).path("reason").asText(""));
    }
    String timestamp = result.path("timestamp").asText("");
    if (!timestamp.matches("\\d{1,19}")) {
      return unreadable(reply);
    }
    return new SendResult.Accepted(timestamp, DeliveryStatus.SENT);
  }

  /** signal-cli's per-recipient result types ({@code SendMessageResult}). */
  private static SendResult recipientFailure(String reason) {
    switch (reason) {
      case "IDENTITY_FAILURE":
        return SendResult.failed(FailureKind.REJECTED, IDENTITY_CODE, IDENTITY_REASON);
      case "UNREGISTERED_FAILURE":
        return SendResult.failed(FailureKind.REJECTED, reason, "the recipient is not registered with Signal");
      case "NETWORK_FAILURE":
        return SendResult.failed(FailureKind.CONNECTION, reason, "the bridge could not reach Signal's servers");
      case "RATE_LIMIT_FAILURE":
        return SendResult.failed(FailureKind.THROTTLED, reason, "Signal is rate-limiting the hotline number");
      case "PROOF_REQUIRED_FAILURE":
        return SendResult.failed(FailureKind.THROTTLED, reason,
            "Signal wants a captcha challenge solved for the hotline number; see the Signal channel docs");
      default:
        String code = reason.matches("[A-Z_]{1,40}") ? reason : "unknown";
        return SendResult.failed(FailureKind.REJECTED, code, "Signal did not deliver to the recipient (" + code + ")");
    }
  }

  private static SendResult throttled(HttpReply reply, ObjectMapper json) {
    boolean challenge = false;
    try {
      JsonNode tokens = json.readTree(reply.body()).path("challenge_tokens");
      for (JsonNode token : tokens) {
        challenge |= !token.asText("").isBlank();
      }
    } catch (IOException | RuntimeException e) {
      // a 429 without the bridge's JSON body: a plain rate limit
    }
    Optional<Duration> retryAfter = reply.header("Retry-After").filter(v -> v.trim().matches("\\d{1,6}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v.trim())));
    String reason = challenge
        ? "Signal is rate-limiting the hotline number and wants a captcha challenge solved; see the Signal channel docs"
        : "Signal is rate-limiting the hotline number";
    return new SendResult.Failed(FailureKind.THROTTLED, Optional.of(challenge ? "challenge" : "rate-limit"), reason,
        retryAfter);
  }

  private static SendResult unreadable(HttpReply reply) {
    return new SendResult.Failed(FailureKind.BAD_RESPONSE, Optional.of("http-" + reply.status()),
        "the Signal bridge accepted the message but its answer has no timestamp", Optional.empty());
  }
}
