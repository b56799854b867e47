package org.switchboard.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/** A credential or token whose text never appears in {@code toString()}, logs or error messages. */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Wraps a non-empty secret value. */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "secret");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("secret must not be empty");
    }
    return new Secret(value);
  }

  /** The secret text; call only where it is sent to the provider it belongs to. */
  public String reveal() {
    return value;
  }

  /** The secret as UTF-8 bytes, e.g. an HMAC key. */
  public byte[] bytes() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** The last four characters, for showing which credential is stored without showing it. */
  public String hint() {
    return value.length() <= 8 ? "••••" : "••••" + value.substring(value.length() - 4);
  }

  /** Constant-time equality against another secret's text. */
  public boolean matches(String candidate) {
    return candidate != null
        && MessageDigest.isEqual(bytes(), candidate.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && MessageDigest.isEqual(bytes(), other.bytes());
  }

  @Override
  public int hashCode() {
    return 0;
  }

  @Override
  public String toString() {
    return "[REDACTED]";
  }
}
