package org.switchboard.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The org secret key wrapped ({@code crypto_secretbox}) under a key derived from a secret someone holds: a member's
 * password or the recovery code (Argon2id), or a high-entropy API token (keyed BLAKE2b, which is enough for 256
 * random bits). The encoding carries its KDF, cost, salt and nonce, so old wraps keep working when defaults change.
 *
 * <p>Layout: {@code version(1) kdf(1) ops(8) mem(8) salt(16) nonce||ciphertext}.
 */
public final class KeyWrap {
  private static final byte VERSION = 1;
  private static final byte KDF_ARGON2ID = 1;
  private static final byte KDF_BLAKE2B = 2;

  private KeyWrap() {}

  /** Wraps {@code secretKey} under a password-like secret with Argon2id. */
  public static byte[] wrapWithPassword(byte[] secretKey, byte[] password, Argon2Cost cost) {
    byte[] salt = Crypto.get().randomBytes(Crypto.PWHASH_SALT_BYTES);
    byte[] kek = Crypto.get().deriveKey(password, salt, cost);
    try {
      return encode(KDF_ARGON2ID, cost.opsLimit(), cost.memLimit(), salt, Crypto.get().secretbox(secretKey, kek));
    } finally {
      Crypto.get().wipe(kek);
    }
  }

  /** Wraps {@code secretKey} under a random token with a fast KDF. */
  public static byte[] wrapWithToken(byte[] secretKey, byte[] token) {
    byte[] salt = Crypto.get().randomBytes(Crypto.PWHASH_SALT_BYTES);
    byte[] kek = tokenKey(token, salt);
    try {
      return encode(KDF_BLAKE2B, 0, 0, salt, Crypto.get().secretbox(secretKey, kek));
    } finally {
      Crypto.get().wipe(kek);
    }
  }

  /** Unwraps with the secret; empty when the secret is wrong. */
  public static Optional<byte[]> unwrap(byte[] wrap, byte[] secret) {
    ByteBuffer in = ByteBuffer.wrap(wrap);
    if (in.get() != VERSION) {
      throw new IllegalArgumentException("unknown key wrap version");
    }
    byte kdf = in.get();
    long ops = in.getLong();
    long mem = in.getLong();
    byte[] salt = new byte[Crypto.PWHASH_SALT_BYTES];
    in.get(salt);
    byte[] box = new byte[in.remaining()];
    in.get(box);
    byte[] kek = switch (kdf) {
      case KDF_ARGON2ID -> Crypto.get().deriveKey(secret, salt, new Argon2Cost(ops, mem));
      case KDF_BLAKE2B -> tokenKey(secret, salt);
      default -> throw new IllegalArgumentException("unknown key wrap KDF");
    };
    try {
      return Optional.of(Crypto.get().secretboxOpen(box, kek));
    } catch (DecryptionException wrongSecret) {
      return Optional.empty();
    } finally {
      Crypto.get().wipe(kek);
    }
  }

  private static byte[] tokenKey(byte[] token, byte[] salt) {
    byte[] message = ByteBuffer.allocate(salt.length + 16).put(salt)
        .put("switchboard/wrap".getBytes(StandardCharsets.US_ASCII)).array();
    return Crypto.get().keyedHash(token, message, 32);
  }

  private static byte[] encode(byte kdf, long ops, long mem, byte[] salt, byte[] box) {
    return ByteBuffer.allocate(2 + 16 + salt.length + box.length)
        .put(VERSION).put(kdf).putLong(ops).putLong(mem).put(salt).put(box).array();
  }
}
