package org.switchboard.webchat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.switchboard.api.Address;
import org.switchboard.crypto.Crypto;

/**
 * A web chat visitor, known only by the random seed in their cookie: it derives their pseudonymous id (their
 * address) and the key pair their copy of the conversation is sealed to. The seed is never stored.
 */
public final class Visitor {
  private final byte[] seed;
  private final String id;

  private Visitor(byte[] seed) {
    this.seed = seed;
    this.id = Base64.getUrlEncoder().withoutPadding().encodeToString(Crypto.get().keyedHash(seed,
        "switchboard/webchat-id".getBytes(StandardCharsets.US_ASCII), 16));
  }

  /** A new visitor with a fresh random seed. */
  public static Visitor create() {
    return new Visitor(Crypto.get().randomBytes(32));
  }

  /** The visitor whose cookie this is; empty when the cookie is missing or malformed. */
  public static Optional<Visitor> fromCookie(String cookie) {
    if (cookie == null || cookie.length() != 43) {
      return Optional.empty();
    }
    try {
      byte[] seed = Base64.getUrlDecoder().decode(cookie);
      return seed.length == 32 ? Optional.of(new Visitor(seed)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public String cookieValue() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(seed);
  }

  /** The visitor's address on the web chat channel (sealed like any contact address). */
  public Address address() {
    return new Address(Address.WEBCHAT, id);
  }

  public String id() {
    return id;
  }

  /** A token for the visitor's forms, so other sites cannot post in their name. */
  public String formToken() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Crypto.get().keyedHash(seed,
        "switchboard/webchat-form".getBytes(StandardCharsets.US_ASCII), 16));
  }

  /** {@code [publicKey, secretKey]}; wipe the secret key after use. */
  public byte[][] keyPair() {
    return Crypto.get().boxKeyPairFromSeed(seed);
  }

  @Override
  public String toString() {
    return "Visitor[REDACTED]";
  }
}
