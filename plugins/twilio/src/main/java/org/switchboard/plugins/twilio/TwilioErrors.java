package org.switchboard.plugins.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Twilio error codes in words an admin or volunteer can act on, and which of them are worth trying again. The
 * codes come in a send's error body ({@code {"code":21610,"message":"...","status":400}}) and in failed status
 * callbacks ({@code ErrorCode=30003}); SignalWire reuses Twilio's codes. Texts follow Twilio's
 * <a href="https://www.twilio.com/docs/api/errors">error dictionary</a>, shortened.
 */
final class TwilioErrors {
  static final String OPTED_OUT = "21610";
  static final String OUTSIDE_WINDOW = "63016";
  static final String TOO_MANY_REQUESTS = "20429";
  static final String AUTHENTICATION = "20003";

  private record Entry(String text, boolean retryable) {
  }

  private static final Map<String, Entry> KNOWN = Map.ofEntries(
      permanent(AUTHENTICATION, "authentication failed: the account id or token is wrong"),
      permanent("20404", "the requested resource was not found"),
      retryable(TOO_MANY_REQUESTS, "too many requests: the provider asked us to slow down"),
      permanent("21211", "the recipient's number is not a valid phone number"),
      permanent("21408", "sending to this country is not enabled in the account's messaging geo permissions"),
      permanent(OPTED_OUT, "the recipient has opted out (replied STOP) and must text START to receive messages"),
      permanent("21606", "the sender number cannot send this kind of message"),
      permanent("21608", "a trial account can only send to verified numbers"),
      permanent("21612", "this sender cannot reach the recipient's number"),
      permanent("21614", "the recipient's number is not a mobile number"),
      permanent("21617", "the message text is longer than 1600 characters"),
      permanent("21660", "the sender number does not belong to this account"),
      retryable("30001", "the provider's queue for this sender overflowed"),
      permanent("30002", "the account is suspended"),
      permanent("30003", "the recipient's phone is unreachable (switched off or out of coverage)"),
      permanent("30004", "the message was blocked by the recipient or their carrier"),
      permanent("30005", "the recipient's number is unknown or no longer exists"),
      permanent("30006", "the number is a landline or its carrier cannot receive messages"),
      permanent("30007", "the carrier filtered the message as spam"),
      permanent("30008", "the carrier reported an unknown delivery error"),
      permanent("30032", "the toll-free sender number is not verified"),
      permanent("30034", "the sender number is not registered for US A2P 10DLC messaging"),
      permanent("63007", "no WhatsApp sender was found for this From address"),
      permanent(OUTSIDE_WINDOW, "outside WhatsApp's 24-hour window — send an approved template"),
      retryable("63018", "WhatsApp's rate limit for this sender was exceeded"),
      permanent("63024", "the WhatsApp recipient is not valid"));

  private static final Pattern NUMBER_LIKE = Pattern.compile("\\+?\\d[\\d ().-]{4,}\\d");
  private static final Pattern CHANNEL_ADDRESS = Pattern.compile("(?i)\\b(whatsapp|messenger|rcs):\\S+");

  private TwilioErrors() {
  }

  private static Map.Entry<String, Entry> permanent(String code, String text) {
    return Map.entry(code, new Entry(text, false));
  }

  private static Map.Entry<String, Entry> retryable(String code, String text) {
    return Map.entry(code, new Entry(text, true));
  }

  /** The numeric {@code code} of an error body, or {@code ""} when there is none (or it is not a number). */
  static String code(Optional<JsonNode> body) {
    String code = body.map(node -> TwilioJson.text(node, "code").trim()).orElse("");
    return code.matches("[0-9]{1,10}") ? code : "";
  }

  /** The code in words, when it is one we know. */
  static Optional<String> known(String code) {
    return Optional.ofNullable(KNOWN.get(code)).map(Entry::text);
  }

  /** The code in words, or a pointer to Twilio's page for it. */
  static String describe(String code) {
    return known(code).orElse("error " + code + " (see https://www.twilio.com/docs/errors/" + code + ")");
  }

  /** Whether a failure with this code is temporary, so the server should send again later. */
  static boolean retryable(String code) {
    Entry entry = KNOWN.get(code);
    return entry != null && entry.retryable();
  }

  /**
   * The reason to show for a refused send: our text for a known code, else the provider's message with anything
   * that looks like a phone number or channel address removed (Twilio's messages often quote the recipient).
   */
  static String reason(String provider, String code, String providerMessage) {
    Optional<String> text = known(code);
    if (text.isPresent()) {
      return provider + " error " + code + ": " + text.get();
    }
    String redacted = redact(providerMessage);
    return provider + " error " + code + (redacted.isEmpty() ? "" : ": " + redacted);
  }

  /** A provider message without phone numbers or channel addresses, at most 200 characters. */
  static String redact(String message) {
    if (message == null) {
      return "";
    }
    String cleaned = CHANNEL_ADDRESS.matcher(message).replaceAll("$1:[number]");
    cleaned = NUMBER_LIKE.matcher(cleaned).replaceAll("[number]").strip();
    return cleaned.length() <= 200 ? cleaned : cleaned.substring(0, 199) + "…";
  }
}
