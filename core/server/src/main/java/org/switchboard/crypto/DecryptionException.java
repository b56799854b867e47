package org.switchboard.crypto;

/** A box could not be opened: wrong key, or altered ciphertext. */
public class DecryptionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DecryptionException(String message) {
    super(message);
  }
}
