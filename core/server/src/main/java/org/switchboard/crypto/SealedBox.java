package org.switchboard.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * Ciphertext sealed to an organization's public key ({@code crypto_box_seal}). Stores take and return this type
 * only; the plaintext exists only inside {@link OrgKeys#open}.
 */
public final class SealedBox {
  private final byte[] bytes;

  private SealedBox(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps ciphertext read from storage. */
  public static SealedBox of(byte[] bytes) {
    Objects.requireNonNull(bytes, "sealed box");
    if (bytes.length < Crypto.SEAL_OVERHEAD) {
      throw new IllegalArgumentException("sealed box too short");
    }
    return new SealedBox(bytes);
  }

  /** Nullable variant for optional columns. */
  public static SealedBox ofNullable(byte[] bytes) {
    return bytes == null ? null : of(bytes);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedBox other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "SealedBox[" + bytes.length + " bytes]";
  }
}
