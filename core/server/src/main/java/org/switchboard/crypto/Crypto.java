package org.switchboard.crypto;

import com.goterl.lazysodium.SodiumJava;
import com.goterl.lazysodium.utils.LibraryLoader;
import com.sun.jna.NativeLong;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The libsodium primitives Switchboard uses, over lazysodium's bundled native library: sealed boxes for everything
 * personal, secret boxes for what the server keeps under its master key, Argon2id for passwords, keyed BLAKE2b for
 * blind indexes. One instance per process.
 */
public final class Crypto {
  public static final int PUBLIC_KEY_BYTES = 32;
  public static final int SECRET_KEY_BYTES = 32;
  public static final int SEAL_OVERHEAD = 48;
  public static final int SECRETBOX_KEY_BYTES = 32;
  public static final int SECRETBOX_NONCE_BYTES = 24;
  public static final int SECRETBOX_MAC_BYTES = 16;
  public static final int PWHASH_SALT_BYTES = 16;
  public static final int PWHASH_STR_BYTES = 128;
  private static final int ALG_ARGON2ID13 = 2;

  private static final Crypto INSTANCE = new Crypto();

  private final SodiumJava sodium;

  private Crypto() {
    // The bundled library, not whatever libsodium the host happens to have.
    sodium = new SodiumJava(LibraryLoader.Mode.BUNDLED_ONLY);
    if (sodium.sodium_init() < 0) {
      throw new IllegalStateException("libsodium failed to initialise");
    }
  }

  public static Crypto get() {
    return INSTANCE;
  }

  public byte[] randomBytes(int length) {
    byte[] out = new byte[length];
    sodium.randombytes_buf(out, length);
    return out;
  }

  /** A fresh X25519 key pair: {@code [publicKey, secretKey]}. */
  public byte[][] boxKeyPair() {
    byte[] pk = new byte[PUBLIC_KEY_BYTES];
    byte[] sk = new byte[SECRET_KEY_BYTES];
    check(sodium.crypto_box_keypair(pk, sk), "crypto_box_keypair");
    return new byte[][] {pk, sk};
  }

  /** A key pair derived from a 32-byte seed (the web chat visitor's cookie). */
  public byte[][] boxKeyPairFromSeed(byte[] seed) {
    byte[] pk = new byte[PUBLIC_KEY_BYTES];
    byte[] sk = new byte[SECRET_KEY_BYTES];
    check(sodium.crypto_box_seed_keypair(pk, sk, seed), "crypto_box_seed_keypair");
    return new byte[][] {pk, sk};
  }

  /** The public key belonging to a secret key. */
  public byte[] publicKeyOf(byte[] secretKey) {
    byte[] pk = new byte[PUBLIC_KEY_BYTES];
    check(sodium.crypto_scalarmult_base(pk, secretKey), "crypto_scalarmult_base");
    return pk;
  }

  /** {@code crypto_box_seal}: anyone with the public key can seal; only the secret key opens. */
  public byte[] seal(byte[] plaintext, byte[] publicKey) {
    byte[] out = new byte[plaintext.length + SEAL_OVERHEAD];
    check(sodium.crypto_box_seal(out, plaintext, plaintext.length, publicKey), "crypto_box_seal");
    return out;
  }

  /** Opens a sealed box, or throws {@link DecryptionException} if the keys do not fit or the box was altered. */
  public byte[] sealOpen(byte[] box, byte[] publicKey, byte[] secretKey) {
    if (box.length < SEAL_OVERHEAD) {
      throw new DecryptionException("sealed box too short");
    }
    byte[] out = new byte[box.length - SEAL_OVERHEAD];
    if (sodium.crypto_box_seal_open(out, box, box.length, publicKey, secretKey) != 0) {
      throw new DecryptionException("sealed box cannot be opened with this key");
    }
    return out;
  }

  /** {@code crypto_secretbox_easy} with a random nonce; returns {@code nonce || ciphertext}. */
  public byte[] secretbox(byte[] plaintext, byte[] key) {
    byte[] nonce = randomBytes(SECRETBOX_NONCE_BYTES);
    byte[] out = new byte[SECRETBOX_NONCE_BYTES + plaintext.length + SECRETBOX_MAC_BYTES];
    byte[] cipher = new byte[plaintext.length + SECRETBOX_MAC_BYTES];
    check(sodium.crypto_secretbox_easy(cipher, plaintext, plaintext.length, nonce, key), "crypto_secretbox_easy");
    System.arraycopy(nonce, 0, out, 0, nonce.length);
    System.arraycopy(cipher, 0, out, nonce.length, cipher.length);
    return out;
  }

  /** Opens {@code nonce || ciphertext}, or throws {@link DecryptionException}. */
  public byte[] secretboxOpen(byte[] box, byte[] key) {
    if (box.length < SECRETBOX_NONCE_BYTES + SECRETBOX_MAC_BYTES) {
      throw new DecryptionException("secret box too short");
    }
    byte[] nonce = Arrays.copyOfRange(box, 0, SECRETBOX_NONCE_BYTES);
    byte[] cipher = Arrays.copyOfRange(box, SECRETBOX_NONCE_BYTES, box.length);
    byte[] out = new byte[cipher.length - SECRETBOX_MAC_BYTES];
    if (sodium.crypto_secretbox_open_easy(out, cipher, cipher.length, nonce, key) != 0) {
      throw new DecryptionException("secret box cannot be opened with this key");
    }
    return out;
  }

  /** Argon2id key derivation ({@code crypto_pwhash}) of a 32-byte key. */
  public byte[] deriveKey(byte[] password, byte[] salt, Argon2Cost cost) {
    byte[] out = new byte[SECRETBOX_KEY_BYTES];
    check(sodium.crypto_pwhash(out, out.length, password, password.length, salt, cost.opsLimit(),
        new NativeLong(cost.memLimit()), ALG_ARGON2ID13), "crypto_pwhash");
    return out;
  }

  /** An Argon2id password hash string ({@code crypto_pwhash_str}) that carries its own salt and cost. */
  public String passwordHash(byte[] password, Argon2Cost cost) {
    byte[] out = new byte[PWHASH_STR_BYTES];
    check(sodium.crypto_pwhash_str(out, password, password.length, cost.opsLimit(), new NativeLong(cost.memLimit())),
        "crypto_pwhash_str");
    int end = 0;
    while (end < out.length && out[end] != 0) {
      end++;
    }
    return new String(out, 0, end, StandardCharsets.US_ASCII);
  }

  /** Checks a password against a {@link #passwordHash} string. */
  public boolean passwordMatches(String hash, byte[] password) {
    byte[] hashBytes = Arrays.copyOf(hash.getBytes(StandardCharsets.US_ASCII), hash.length() + 1);
    return sodium.crypto_pwhash_str_verify(hashBytes, password, password.length) == 0;
  }

  /** Keyed BLAKE2b ({@code crypto_generichash}) of {@code length} bytes (16 to 64). */
  public byte[] keyedHash(byte[] key, byte[] message, int length) {
    byte[] out = new byte[length];
    check(sodium.crypto_generichash(out, length, message, message.length, key, key.length), "crypto_generichash");
    return out;
  }

  /** Constant-time comparison of two strings (tokens, codes). */
  public boolean constantTimeEquals(String a, String b) {
    return java.security.MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** Overwrites a buffer that held key material. */
  public void wipe(byte[] secret) {
    if (secret != null) {
      sodium.sodium_memzero(secret, secret.length);
    }
  }

  private static void check(int result, String what) {
    if (result != 0) {
      throw new IllegalStateException(what + " failed");
    }
  }
}
