package org.switchboard.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a message comes from or goes to on a channel: a scheme ({@code tel}, {@code whatsapp}, {@code signal},
 * {@code webchat}, ...) and the provider's identifier. Addresses are personal data: {@code toString()} never shows
 * the value.
 */
public record Address(String scheme, String value) {
  public static final String TEL = "tel";
  public static final String WHATSAPP = "whatsapp";
  public static final String SIGNAL = "signal";
  public static final String WEBCHAT = "webchat";

  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9-]{0,15}");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{5,14}");
  private static final Pattern SEPARATORS = Pattern.compile("[\\s().-]");

  public Address {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(value, "address");
    if (!SCHEME.matcher(scheme).matches()) {
      throw new IllegalArgumentException("address scheme must be lowercase letters, digits or '-'");
    }
    if (value.isBlank() || value.length() > 256) {
      throw new IllegalArgumentException("address must be 1 to 256 characters");
    }
  }

  /** A phone number in E.164 form ({@code +14155550100}); spaces, dashes and brackets are removed first. */
  public static Address phone(String number) {
    return new Address(TEL, normalizePhone(number));
  }

  /** A WhatsApp user: an E.164 number, or a business-scoped user id such as {@code US.1234}. */
  public static Address whatsapp(String id) {
    String trimmed = Objects.requireNonNull(id, "whatsapp id").trim();
    if (trimmed.contains(".")) {
      return new Address(WHATSAPP, trimmed);
    }
    String digits = trimmed.startsWith("+") ? trimmed : "+" + trimmed;
    return new Address(WHATSAPP, normalizePhone(digits));
  }

  /** Whether a string is a phone number in E.164 form. */
  public static boolean isE164(String number) {
    return number != null && E164.matcher(number).matches();
  }

  /** Cleans a phone number to E.164, or fails naming the field (never the number). */
  public static String normalizePhone(String number) {
    Objects.requireNonNull(number, "phone number");
    String cleaned = SEPARATORS.matcher(number).replaceAll("");
    if (cleaned.startsWith("00")) {
      cleaned = "+" + cleaned.substring(2);
    }
    if (!isE164(cleaned)) {
      throw new IllegalArgumentException("phone number is not in E.164 form (+ and 6 to 15 digits)");
    }
    return cleaned;
  }

  /** Whether this address is a phone number (SMS, or WhatsApp with a number), so channels can share a contact. */
  public boolean isPhoneNumber() {
    return (TEL.equals(scheme) || WHATSAPP.equals(scheme)) && isE164(value);
  }

  /** The text form {@code scheme:value}; personal data, so only for sealing or sending. */
  public String uri() {
    return scheme + ":" + value;
  }

  /** Parses {@code scheme:value}. */
  public static Address parse(String uri) {
    int colon = Objects.requireNonNull(uri, "address").indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("address must look like scheme:value");
    }
    return new Address(uri.substring(0, colon), uri.substring(colon + 1));
  }

  @Override
  public String toString() {
    return scheme + ":[REDACTED]";
  }
}
