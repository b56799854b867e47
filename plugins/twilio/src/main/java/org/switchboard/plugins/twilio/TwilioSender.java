package org.switchboard.plugins.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.FailureKind;
import org.switchboard.api.HttpCall;
import org.switchboard.api.HttpReply;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.OutboundMedia;
import org.switchboard.api.OutboundMessage;
import org.switchboard.api.SendResult;

/**
 * Sends one message through the Messages API and classifies the answer into a {@link SendResult}.
 *
 * <p>Request (anonymized): {@code POST /2010-04-01/Accounts/AC…/Messages.json} with
 * {@code To=whatsapp%3A%2B15550100&From=whatsapp%3A%2B15550199&Body=Hi
 * &StatusCallback=https%3A%2F%2Fhost%2Fhooks%2Ft%2Fstatus}.
 * Answer: {@code 201 {"sid":"SM0123…","status":"queued",…}}, or an error such as
 * {@code 400 {"code":21610,"message":"Attempt to send to unsubscribed recipient","status":400}}. See
 * <a href="https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource">Create a
 * Message</a>.
 */
final class TwilioSender {
  private final HttpTransport http;
  private final Clock clock;
  private final Logger log;
  private final Duration timeout;

  TwilioSender(HttpTransport http, Clock clock, Logger log, Duration timeout) {
    this.http = http;
    this.clock = clock;
    this.log = log;
    this.timeout = timeout;
  }

  SendResult send(OutboundMessage message, ChannelConfig config, TwilioAccount account) {
    HttpCall call = account.authorize(HttpCall.post(account.accountUri("/Messages.json")))
        .form(form(message, config))
        .timeout(timeout)
        .build();
    SendResult result;
    try {
      result = classify(account.provider(), http.send(call));
    } catch (IOException e) {
      result = SendResult.failed(FailureKind.CONNECTION,
          "could not reach " + account.provider() + " (" + e.getClass().getSimpleName() + ")");
    }
    if (result instanceof SendResult.Accepted accepted) {
      log.info("{} send {} accepted as {} ({})", account.provider(), message.reference(),
          accepted.providerMessageId(), accepted.status());
    } else if (result instanceof SendResult.Failed failed) {
      log.warn("{} send {} failed: {} {}", account.provider(), message.reference(), failed.kind(),
          failed.providerCode().orElse("-"));
    }
    return result;
  }

  /** The form fields of a send, in the order Twilio documents them. */
  static List<Map.Entry<String, String>> form(OutboundMessage message, ChannelConfig config) {
    boolean whatsapp = TwilioAddresses.isWhatsApp(message.from());
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    fields.add(Map.entry("To", TwilioAddresses.wire(message.to(), whatsapp)));
    fields.add(Map.entry("From", TwilioAddresses.wire(message.from(), whatsapp)));
    if (message.template().isPresent()) {
      // Content API template: Body and MediaUrl must be absent, or Twilio treats it as free-form (error 63016).
      OutboundMessage.Template template = message.template().get();
      fields.add(Map.entry("ContentSid", template.id()));
      if (!template.variables().isEmpty()) {
        fields.add(Map.entry("ContentVariables", TwilioJson.stringMap(template.variables())));
      }
    } else {
      if (!message.text().isEmpty()) {
        fields.add(Map.entry("Body", message.text()));
      }
      for (OutboundMedia media : message.media()) {
        fields.add(Map.entry("MediaUrl", media.publicUrl().toString()));
      }
    }
    statusCallback(message, config).ifPresent(url -> fields.add(Map.entry("StatusCallback", url)));
    return fields;
  }

  /** Where Twilio should post this message's statuses: the message's own URL, else {@code <webhook>/status}. */
  static Optional<String> statusCallback(OutboundMessage message, ChannelConfig config) {
    if (message.statusCallbackUrl().isPresent()) {
      return Optional.of(message.statusCallbackUrl().get().toString());
    }
    return Optional.ofNullable(config.webhookUrl()).map(TwilioSender::statusUrl);
  }

  /** The status sub-path of a connector's webhook URL. */
  static String statusUrl(URI webhookUrl) {
    String base = webhookUrl.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + "/status";
  }

  SendResult classify(String provider, HttpReply reply) {
    Optional<JsonNode> json = TwilioJson.object(reply.body());
    String code = TwilioErrors.code(json);
    int status = reply.status();
    if (reply.isSuccess()) {
      return accepted(provider, json);
    }
    if (status == 429 || code.equals(TwilioErrors.TOO_MANY_REQUESTS)) {
      return new SendResult.Failed(FailureKind.THROTTLED, optional(code),
          provider + " asked us to slow down (HTTP " + status + ")", retryAfter(reply));
    }
    if (status == 401 || status == 403 || code.equals(TwilioErrors.AUTHENTICATION)) {
      return SendResult.failed(FailureKind.CONFIG, code.isEmpty() ? null : code,
          provider + " refused the account id or token (HTTP " + status + ")");
    }
    if (status >= 500) {
      return SendResult.failed(FailureKind.BAD_RESPONSE, code.isEmpty() ? null : code,
          provider + " had a server error (HTTP " + status + ")");
    }
    if (status == 404 && code.isEmpty()) {
      return SendResult.failed(FailureKind.CONFIG,
          provider + " has no such account at this API address (HTTP 404)");
    }
    if (status >= 400 && status < 500) {
      if (code.isEmpty()) {
        return SendResult.failed(FailureKind.REJECTED, provider + " refused the message (HTTP " + status + ")");
      }
      String message = json.map(node -> TwilioJson.text(node, "message")).orElse("");
      FailureKind kind = code.equals(TwilioErrors.OPTED_OUT) ? FailureKind.OPTED_OUT : FailureKind.REJECTED;
      return SendResult.failed(kind, code, TwilioErrors.reason(provider, code, message));
    }
    return SendResult.failed(FailureKind.BAD_RESPONSE, provider + " answered HTTP " + status);
  }

  private static SendResult accepted(String provider, Optional<JsonNode> json) {
    String sid = json.map(node -> TwilioJson.text(node, "sid").trim()).orElse("");
    if (sid.isEmpty() || sid.length() > 200) {
      return SendResult.failed(FailureKind.BAD_RESPONSE, provider + " accepted the message without a message id");
    }
    String status = json.map(node -> TwilioJson.text(node, "status")).orElse("").toLowerCase(Locale.ROOT);
    DeliveryStatus delivery = switch (status) {
      case "sending", "sent" -> DeliveryStatus.SENT;
      case "delivered" -> DeliveryStatus.DELIVERED;
      case "read" -> DeliveryStatus.READ;
      default -> DeliveryStatus.QUEUED;
    };
    return new SendResult.Accepted(sid, delivery);
  }

  /** {@code Retry-After} as seconds or an HTTP date. */
  private Optional<Duration> retryAfter(HttpReply reply) {
    Optional<String> header = reply.header("Retry-After").map(String::trim).filter(v -> !v.isEmpty());
    if (header.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.get()))));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  private static Optional<String> optional(String code) {
    return code.isEmpty() ? Optional.empty() : Optional.of(code);
  }
}
