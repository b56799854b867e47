package org.switchboard.plugins.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.switchboard.api.HttpReply;

/**
 * Reads the bridge's error answers ({@code {"error":"…"}}), says what they mean, and removes numbers, UUIDs and
 * quoted values so the text is safe to show or store.
 *
 * <p>Example (HTTP 400 from {@code POST /v2/send}, issue #679):
 * <pre>{"error":"Failed to send message due to untrusted identities"}</pre>
 */
final class BridgeErrors {
  static final String UNTRUSTED_IDENTITY = "untrusted-identity";
  static final String ACCOUNT_NOT_REGISTERED = "account-not-registered";
  static final String RECIPIENT_UNREGISTERED = "recipient-unregistered";
  static final String RATE_LIMITED = "rate-limited";
  static final String NOT_WEBSOCKET = "not-websocket";
  static final String OTHER = "other";

  private static final Pattern UUID = Pattern.compile(
      "(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'");
  private static final Pattern NUMBER = Pattern.compile("\\+?\\d[\\d ()./-]{3,}\\d");
  // signal-cli's AccountCheck text: "User +4915… is not registered." (the bridge's own account, #621, #696).
  private static final Pattern USER_NOT_REGISTERED = Pattern.compile("(?is).*\\buser\\b.*\\bis not registered.*");
  private static final int MAX_REASON = 160;

  private BridgeErrors() {
  }

  /** The {@code error} text of an answer, or the whole body when it is not the bridge's JSON shape. */
  static String errorText(HttpReply reply, ObjectMapper json) {
    String body = reply.bodyText();
    try {
      JsonNode node = json.readTree(body);
      if (node != null && node.hasNonNull("error")) {
        return node.get("error").asText("");
      }
    } catch (IOException e) {
      // not JSON: fall through to the raw text
    }
    return body;
  }

  /** What an error text means, as one of this class's constants. */
  static String classify(String error) {
    String text = error == null ? "" : error.toLowerCase(Locale.ROOT);
    if (text.contains("untrusted identit")) {
      return UNTRUSTED_IDENTITY;
    }
    if (USER_NOT_REGISTERED.matcher(text).matches()) {
      return ACCOUNT_NOT_REGISTERED;
    }
    if (text.contains("unregistered")) {
      return RECIPIENT_UNREGISTERED;
    }
    if (text.contains("rate limit") || text.contains("ratelimit") || text.contains("challenge")) {
      return RATE_LIMITED;
    }
    if (text.contains("not using the websocket protocol")) {
      return NOT_WEBSOCKET;
    }
    return OTHER;
  }

  /** The text without UUIDs, quoted values or anything that looks like a phone number, on one short line. */
  static String redact(String error) {
    if (error == null) {
      return "";
    }
    String text = UUID.matcher(error).replaceAll("[id]");
    text = QUOTED.matcher(text).replaceAll("[…]");
    text = NUMBER.matcher(text).replaceAll("[number]");
    text = text.replaceAll("\\s+", " ").trim();
    if (text.length() > MAX_REASON) {
      text = text.substring(0, MAX_REASON - 1) + "…";
    }
    return text;
  }

  /** A {@link BridgeException} for a non-success answer. */
  static BridgeException failure(HttpReply reply, ObjectMapper json) {
    String error = errorText(reply, json);
    return new BridgeException(reply.status(), redact(error), classify(error));
  }
}
