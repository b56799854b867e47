package org.switchboard.crypto;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Keyed BLAKE2b lookups over personal values: the same normalized address always gives the same 32 bytes within
 * one scope (an org, a connector), so contacts thread without the address being stored; without the master key the
 * index reveals nothing, and with it one can only test guesses.
 */
@Singleton
public final class BlindIndex {
  private final byte[] key;

  @Inject
  public BlindIndex(MasterKey masterKey) {
    this.key = masterKey.subkey("blind-index");
  }

  /** The index of {@code value} within a scope such as {@code "contact"} and an owner id. */
  public byte[] of(String scope, long ownerId, String value) {
    byte[] scopeBytes = scope.getBytes(StandardCharsets.UTF_8);
    byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
    ByteBuffer message = ByteBuffer.allocate(scopeBytes.length + 1 + Long.BYTES + valueBytes.length);
    message.put(scopeBytes).put((byte) 0).putLong(ownerId).put(valueBytes);
    return Crypto.get().keyedHash(key, message.array(), 32);
  }
}
