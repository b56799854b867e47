package org.switchboard.plugins.meta;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.switchboard.api.FailureKind;

/**
 * A Graph API error and what it means for us: {@code {"error":{"message":"(#131047) Re-engagement message",
 * "type":"OAuthException","code":131047,"error_subcode":…,"error_data":{"details":"…"},"fbtrace_id":"…"}}}, sent
 * with HTTP 400, 401, 403 or 429. Codes follow Meta's
 * <a href="https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/">Cloud API error codes</a>
 * and <a href="https://developers.facebook.com/docs/graph-api/guides/error-handling/">Graph API error handling</a>.
 *
 * @param code Meta's numeric code as text, or empty when the answer had none
 * @param kind what the server should do: retry later, give up, or have an admin fix the connector
 * @param reason the failure in words that name no person and no secret
 */
record GraphError(String code, FailureKind kind, String reason) {
  static final String TOKEN_EXPIRED = "190";
  static final String WINDOW_CLOSED = "131047";
  /** Messenger's code 10 with this subcode: a reply outside the 24-hour standard messaging window. */
  static final String MESSENGER_WINDOW_SUBCODE = "2018278";
  static final String WINDOW_TEXT = "the 24-hour customer-service window has closed — send an approved template";

  private record Known(FailureKind kind, String text) {
  }

  private static final Map<String, Known> KNOWN = Map.ofEntries(
      Map.entry("0", new Known(FailureKind.CONFIG, "Meta could not authenticate the request: check the access token")),
      Map.entry("3", new Known(FailureKind.CONFIG, "the app is not allowed to use this API")),
      Map.entry("10", new Known(FailureKind.CONFIG, "the access token lacks a permission this call needs")),
      Map.entry("102", new Known(FailureKind.CONFIG, "the access token's session has ended: create a new token")),
      Map.entry(TOKEN_EXPIRED, new Known(FailureKind.CONFIG,
          "the access token has expired or was revoked: create a new token and save it in the connector")),
      Map.entry("200", new Known(FailureKind.CONFIG, "the access token lacks a permission this call needs")),
      Map.entry("4", new Known(FailureKind.THROTTLED, "the app hit Meta's rate limit")),
      Map.entry("17", new Known(FailureKind.THROTTLED, "the account hit Meta's rate limit")),
      Map.entry("32", new Known(FailureKind.THROTTLED, "the page hit Meta's rate limit")),
      Map.entry("613", new Known(FailureKind.THROTTLED, "Meta's call-rate limit was reached")),
      Map.entry("80007", new Known(FailureKind.THROTTLED, "the WhatsApp Business Account hit its rate limit")),
      Map.entry("130429", new Known(FailureKind.THROTTLED, "the number's Cloud API throughput was reached")),
      Map.entry("131048", new Known(FailureKind.THROTTLED, "spam rate limit hit: too many messages were refused")),
      Map.entry("131056", new Known(FailureKind.THROTTLED, "too many messages to this person in a short time")),
      Map.entry("133016", new Known(FailureKind.THROTTLED, "the number's registration was rate limited")),
      Map.entry("1", new Known(FailureKind.BAD_RESPONSE, "Meta reported an unknown error")),
      Map.entry("2", new Known(FailureKind.BAD_RESPONSE, "Meta's service is temporarily unavailable")),
      Map.entry("131000", new Known(FailureKind.BAD_RESPONSE, "something went wrong at Meta")),
      Map.entry("131016", new Known(FailureKind.BAD_RESPONSE, "Meta's service is overloaded")),
      Map.entry("131053", new Known(FailureKind.BAD_RESPONSE, "Meta could not process the media upload")),
      Map.entry(WINDOW_CLOSED, new Known(FailureKind.REJECTED, WINDOW_TEXT)),
      Map.entry("131026", new Known(FailureKind.REJECTED,
          "the message could not be delivered: the person may not use WhatsApp or must accept new terms")),
      Map.entry("131049", new Known(FailureKind.REJECTED,
          "Meta held back this message to keep engagement healthy; try again later with a different message")),
      Map.entry("131050", new Known(FailureKind.REJECTED, "the person stopped marketing messages from this business")),
      Map.entry("131051", new Known(FailureKind.REJECTED, "this message type is not supported")),
      Map.entry("131052", new Known(FailureKind.REJECTED, "the person's media could not be downloaded")),
      Map.entry("131009", new Known(FailureKind.REJECTED, "a parameter of the message is not valid")),
      Map.entry("131008", new Known(FailureKind.REJECTED, "a required parameter of the message is missing")),
      Map.entry("131021", new Known(FailureKind.REJECTED, "the sender and the recipient are the same number")),
      Map.entry("131014", new Known(FailureKind.REJECTED, "Meta could not fetch the media from its link")),
      Map.entry("131031", new Known(FailureKind.CONFIG, "the WhatsApp Business Account is locked")),
      Map.entry("131042", new Known(FailureKind.CONFIG, "the business has a payment issue with Meta")),
      Map.entry("131045", new Known(FailureKind.CONFIG, "the phone number is not registered with the Cloud API")),
      Map.entry("132000", new Known(FailureKind.REJECTED, "the template's variables do not match its definition")),
      Map.entry("132001", new Known(FailureKind.REJECTED, "the template does not exist in this language")),
      Map.entry("132005", new Known(FailureKind.REJECTED, "the filled template text is too long")),
      Map.entry("132007", new Known(FailureKind.REJECTED, "the filled template breaks WhatsApp's policies")),
      Map.entry("132012", new Known(FailureKind.REJECTED, "a template variable has the wrong format")),
      Map.entry("132015", new Known(FailureKind.REJECTED, "the template is paused for low quality")),
      Map.entry("132016", new Known(FailureKind.REJECTED, "the template is disabled for low quality")),
      Map.entry("368", new Known(FailureKind.REJECTED, "Meta blocked the account for a policy violation")),
      Map.entry("551", new Known(FailureKind.REJECTED, "this person is not available right now")),
      Map.entry("100", new Known(FailureKind.REJECTED, "Meta refused a parameter of the request")));

  /** Throttling codes that, in a failed status, mean the message is worth sending again later. */
  private static final Set<String> RETRYABLE_STATUS = Set.of("4", "80007", "130429", "131048", "131056", "131000",
      "131016", "131053", "1", "2");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");
  private static final Pattern NUMBER_LIKE = Pattern.compile("\\+?\\d[\\d ().-]{4,}\\d");

  /** The error in an answer's body, classified; {@code httpStatus} decides when the body says nothing. */
  static GraphError of(int httpStatus, Optional<JsonNode> body) {
    JsonNode error = body.map(b -> b.path("error")).orElse(null);
    String code = error == null ? "" : MetaJson.text(error, "code").trim();
    code = DIGITS.matcher(code).matches() ? code : "";
    String subcode = error == null ? "" : MetaJson.text(error, "error_subcode").trim();
    if (code.equals("10") && subcode.equals(MESSENGER_WINDOW_SUBCODE)) {
      return new GraphError(code, FailureKind.REJECTED,
          "Meta error 10: the 24-hour messaging window has closed — the person must write first");
    }
    Known known = KNOWN.get(code);
    if (known != null) {
      return new GraphError(code, known.kind(), "Meta error " + code + ": " + known.text());
    }
    FailureKind kind;
    if (httpStatus == 429) {
      kind = FailureKind.THROTTLED;
    } else if (httpStatus == 401) {
      kind = FailureKind.CONFIG;
    } else if (httpStatus >= 500) {
      kind = FailureKind.BAD_RESPONSE;
    } else if (httpStatus >= 400) {
      kind = FailureKind.REJECTED;
    } else {
      kind = FailureKind.BAD_RESPONSE;
    }
    String title = error == null ? "" : redact(MetaJson.text(error, "message"));
    String reason = code.isEmpty() ? "Meta answered HTTP " + httpStatus
        : "Meta error " + code + (title.isEmpty() ? "" : ": " + title);
    return new GraphError(code, kind, reason);
  }

  /** Words for a code in a failed status callback, with Meta's own title as the fallback. */
  static String describe(String code, String title) {
    Known known = KNOWN.get(code);
    if (known != null) {
      return known.text();
    }
    String cleaned = redact(title);
    return cleaned.isEmpty() ? "Meta error " + code : cleaned;
  }

  static boolean retryableStatus(String code) {
    return RETRYABLE_STATUS.contains(code);
  }

  Optional<String> providerCode() {
    return code.isEmpty() ? Optional.empty() : Optional.of(code);
  }

  /** A provider message without anything that looks like a phone number, at most 200 characters. */
  static String redact(String message) {
    if (message == null) {
      return "";
    }
    String cleaned = NUMBER_LIKE.matcher(message).replaceAll("[number]").strip();
    return cleaned.length() <= 200 ? cleaned : cleaned.substring(0, 199) + "…";
  }
}
