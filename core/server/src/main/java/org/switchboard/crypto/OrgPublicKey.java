package org.switchboard.crypto;

import java.nio.charset.StandardCharsets;

/** An organization's X25519 public key: stored in the clear, enough to seal anything for the org. */
public record OrgPublicKey(byte[] bytes) {
  public OrgPublicKey {
    if (bytes == null || bytes.length != Crypto.PUBLIC_KEY_BYTES) {
      throw new IllegalArgumentException("public key must be 32 bytes");
    }
    bytes = bytes.clone();
  }

  /** Seals bytes to this key. */
  public SealedBox seal(byte[] plaintext) {
    return SealedBox.of(Crypto.get().seal(plaintext, bytes));
  }

  /** Seals UTF-8 text to this key. */
  public SealedBox seal(String plaintext) {
    return seal(plaintext.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "OrgPublicKey";
  }
}
