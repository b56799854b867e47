package org.switchboard.keys;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;
import org.switchboard.crypto.Argon2Cost;
import org.switchboard.crypto.Crypto;
import org.switchboard.crypto.KeyWrap;
import org.switchboard.crypto.OrgKeys;
import org.switchboard.crypto.OrgPublicKey;

/**
 * Wraps and unwraps the org secret key for members, the recovery code and API tokens. The secret key exists in
 * memory only inside an {@link OrgKeys} that the caller closes.
 */
@Singleton
public class KeyService {
  private final KeyWrapStore wraps;
  private final Argon2Cost cost;

  @Inject
  KeyService(KeyWrapStore wraps) {
    this.wraps = wraps;
    this.cost = Argon2Cost.configured();
  }

  /** The secret key wrapped under a member's password (slow: Argon2id; call outside the writer). */
  public byte[] wrapForMember(byte[] secretKey, String password) {
    return KeyWrap.wrapWithPassword(secretKey, utf8(password), cost);
  }

  /** The secret key wrapped under the recovery code (a slower KDF: it is typed rarely). */
  public byte[] wrapForRecovery(byte[] secretKey, String recoveryCode) {
    Argon2Cost recoveryCost = cost == Argon2Cost.MINIMUM ? cost : Argon2Cost.MODERATE;
    return KeyWrap.wrapWithPassword(secretKey, RecoveryCode.canonical(recoveryCode), recoveryCost);
  }

  /** The secret key wrapped under an API token (fast: the token has 256 random bits). */
  public byte[] wrapForToken(byte[] secretKey, byte[] token) {
    return KeyWrap.wrapWithToken(secretKey, token);
  }

  /** The Argon2id hash string that verifies a password at login. */
  public String passwordHash(String password) {
    return Crypto.get().passwordHash(utf8(password), cost);
  }

  public void storeMember(DSLContext tx, long orgId, long userId, byte[] wrap, Instant now) {
    wraps.replaceMember(tx, orgId, userId, wrap, now);
  }

  /** Deletes a member's wrap (deactivation): their password no longer opens anything. */
  public void forgetMember(DSLContext tx, long userId) {
    wraps.deleteMember(tx, userId);
  }

  public void storeRecovery(DSLContext tx, long orgId, byte[] wrap, Instant now) {
    wraps.insert(tx, orgId, KeyWrapStore.Kind.RECOVERY, null, null, wrap, now);
  }

  public void storeToken(DSLContext tx, long orgId, long tokenId, byte[] wrap, Instant now) {
    wraps.insert(tx, orgId, KeyWrapStore.Kind.TOKEN, null, tokenId, wrap, now);
  }

  /** Unlocks the org keys with a member's password; empty if the password does not open the wrap. */
  public Optional<OrgKeys> unlockAsMember(long orgId, OrgPublicKey publicKey, long userId, String password) {
    return wraps.member(userId).flatMap(w -> open(orgId, publicKey, w, utf8(password)));
  }

  /** Unlocks the org keys with an API token. */
  public Optional<OrgKeys> unlockWithToken(long orgId, OrgPublicKey publicKey, long tokenId, byte[] token) {
    return wraps.token(tokenId).flatMap(w -> open(orgId, publicKey, w, token.clone()));
  }

  /** Unlocks the org keys with the recovery code. */
  public Optional<OrgKeys> unlockWithRecoveryCode(long orgId, OrgPublicKey publicKey, String recoveryCode) {
    return wraps.recovery(orgId).flatMap(w -> open(orgId, publicKey, w, RecoveryCode.canonical(recoveryCode)));
  }

  private static Optional<OrgKeys> open(long orgId, OrgPublicKey publicKey, byte[] wrap, byte[] secret) {
    Optional<byte[]> secretKey = KeyWrap.unwrap(wrap, secret);
    Crypto.get().wipe(secret);
    return secretKey.map(sk -> {
      try {
        return new OrgKeys(orgId, publicKey, sk);
      } finally {
        Crypto.get().wipe(sk);
      }
    });
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
