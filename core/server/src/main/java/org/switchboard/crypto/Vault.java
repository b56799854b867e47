package org.switchboard.crypto;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.nio.charset.StandardCharsets;

/**
 * Encrypts what the server must read without anyone logged in — provider credentials, volunteers' e-mail
 * addresses, the hotline's own numbers, pending outbound payloads — under a subkey of the master key.
 */
@Singleton
public final class Vault {
  private final byte[] key;

  @Inject
  public Vault(MasterKey masterKey) {
    this.key = masterKey.subkey("vault");
  }

  public VaultBox lock(byte[] plaintext) {
    return VaultBox.of(Crypto.get().secretbox(plaintext, key));
  }

  public VaultBox lock(String plaintext) {
    return lock(plaintext.getBytes(StandardCharsets.UTF_8));
  }

  public byte[] unlock(VaultBox box) {
    return Crypto.get().secretboxOpen(box.bytes(), key);
  }

  public String unlockText(VaultBox box) {
    return new String(unlock(box), StandardCharsets.UTF_8);
  }
}
