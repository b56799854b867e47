package org.switchboard.plugins.twilio;

import java.util.Locale;
import org.switchboard.api.Address;

/**
 * Converts between Twilio's address strings and Switchboard {@link Address}es: {@code +14155550100} is a phone
 * number, {@code whatsapp:+14155550100} a WhatsApp user, {@code whatsapp:US.1234} a WhatsApp business-scoped user
 * id, and {@code 384387} a short code (kept as {@code tel} without E.164 normalisation).
 */
final class TwilioAddresses {
  static final String WHATSAPP_PREFIX = "whatsapp:";

  private TwilioAddresses() {
  }

  /** Whether a Twilio address carries the {@code whatsapp:} prefix. */
  static boolean isWhatsApp(String raw) {
    return raw != null && raw.regionMatches(true, 0, WHATSAPP_PREFIX, 0, WHATSAPP_PREFIX.length());
  }

  /**
   * Parses one side of a message. With {@code whatsapp} set, the {@code whatsapp:} prefix is optional (Twilio
   * sometimes leaves it off one side); phone numbers that are not E.164 (short codes, alphanumeric senders) are
   * kept as they are.
   *
   * @throws IllegalArgumentException when the value is not an address at all (the message names no value)
   */
  static Address parse(String raw, boolean whatsapp) {
    String value = strip(raw).trim();
    if (whatsapp) {
      return Address.whatsapp(value);
    }
    try {
      return Address.phone(value);
    } catch (IllegalArgumentException notE164) {
      return new Address(Address.TEL, value);
    }
  }

  /** The value without a {@code whatsapp:} prefix. */
  static String strip(String raw) {
    return isWhatsApp(raw) ? raw.substring(WHATSAPP_PREFIX.length()) : raw;
  }

  /** The address as Twilio expects it in {@code To}/{@code From}. */
  static String wire(Address address, boolean whatsapp) {
    return whatsapp ? WHATSAPP_PREFIX + address.value() : address.value();
  }

  /** Whether an address is a WhatsApp one. */
  static boolean isWhatsApp(Address address) {
    return Address.WHATSAPP.equals(address.scheme().toLowerCase(Locale.ROOT));
  }
}
