package org.switchboard.crypto;

import java.util.Objects;

/** Ciphertext under the server master key ({@code crypto_secretbox}); what the server opens unattended. */
public final class VaultBox {
  private final byte[] bytes;

  private VaultBox(byte[] bytes) {
    this.bytes = bytes;
  }

  public static VaultBox of(byte[] bytes) {
    Objects.requireNonNull(bytes, "vault box");
    return new VaultBox(bytes);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "VaultBox[" + bytes.length + " bytes]";
  }
}
