package org.switchboard.keys;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.switchboard.crypto.Crypto;

/**
 * The organization's recovery code: 25 characters of Crockford base32 (125 bits) in five groups, shown once at
 * setup. It unwraps the org key when every member has lost their password.
 */
public final class RecoveryCode {
  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  private RecoveryCode() {}

  /** A new random code, grouped for reading aloud: {@code XXXXX-XXXXX-XXXXX-XXXXX-XXXXX}. */
  public static String generate() {
    return group(randomCode(25), 5);
  }

  /** Random Crockford base32 characters. */
  public static String randomCode(int length) {
    byte[] random = Crypto.get().randomBytes(length);
    StringBuilder code = new StringBuilder(length);
    for (byte b : random) {
      code.append(ALPHABET.charAt((b & 0xff) % 32));
    }
    return code.toString();
  }

  /** Splits a code into dash-separated groups. */
  public static String group(String code, int size) {
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < code.length(); i += size) {
      if (i > 0) {
        grouped.append('-');
      }
      grouped.append(code, i, Math.min(code.length(), i + size));
    }
    return grouped.toString();
  }

  /** The canonical bytes of a typed code: case, dashes and spaces ignored; I/L read as 1, O as 0. */
  public static byte[] canonical(String typed) {
    String cleaned = typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "")
        .replace('I', '1').replace('L', '1').replace('O', '0');
    return cleaned.getBytes(StandardCharsets.US_ASCII);
  }
}
