package org.switchboard.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An organization's unlocked key pair, held in memory for one login session or one API request. Closing it wipes
 * the secret key; afterwards nothing can be opened with it.
 */
public final class OrgKeys implements AutoCloseable {
  private final long orgId;
  private final OrgPublicKey publicKey;
  private final byte[] secretKey;
  private volatile boolean wiped;

  public OrgKeys(long orgId, OrgPublicKey publicKey, byte[] secretKey) {
    if (secretKey.length != Crypto.SECRET_KEY_BYTES) {
      throw new IllegalArgumentException("secret key must be 32 bytes");
    }
    if (!Arrays.equals(Crypto.get().publicKeyOf(secretKey), publicKey.bytes())) {
      throw new DecryptionException("secret key does not belong to this organization");
    }
    this.orgId = orgId;
    this.publicKey = publicKey;
    this.secretKey = secretKey.clone();
  }

  public long orgId() {
    return orgId;
  }

  public OrgPublicKey publicKey() {
    return publicKey;
  }

  /** Opens a sealed box; fails once the keys are wiped. */
  public byte[] open(SealedBox box) {
    if (wiped) {
      throw new DecryptionException("keys were wiped (logged out or expired)");
    }
    return Crypto.get().sealOpen(box.bytes(), publicKey.bytes(), secretKey);
  }

  /** Opens a sealed box of UTF-8 text; {@code null} stays {@code null}. */
  public String openText(SealedBox box) {
    return box == null ? null : new String(open(box), StandardCharsets.UTF_8);
  }

  /** A copy of the secret key, for wrapping it under another member's key; wipe it after use. */
  public byte[] exportSecretKey() {
    if (wiped) {
      throw new DecryptionException("keys were wiped (logged out or expired)");
    }
    return secretKey.clone();
  }

  public boolean isWiped() {
    return wiped;
  }

  @Override
  public void close() {
    wiped = true;
    Crypto.get().wipe(secretKey);
  }

  @Override
  public String toString() {
    return "OrgKeys[org " + orgId + (wiped ? ", wiped]" : "]");
  }
}
