package org.switchboard.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;

/**
 * The server master key: 32 random bytes in a file outside the database (or a Docker secret). It protects what the
 * server must use unattended: provider credentials, the blind-index key and pending outbound messages. Subkeys are
 * derived per purpose with keyed BLAKE2b, so the master key itself is never used directly.
 */
public final class MasterKey {
  private static final int BYTES = 32;
  private final byte[] key;

  private MasterKey(byte[] key) {
    this.key = key;
  }

  /** A key from raw bytes (tests, restore). */
  public static MasterKey of(byte[] key) {
    if (key.length != BYTES) {
      throw new IllegalArgumentException("master key must be 32 bytes");
    }
    return new MasterKey(key.clone());
  }

  /**
   * Loads the key file, creating it with mode 0600 when {@code createIfMissing}; refuses a file that group or others
   * can read, and one that does not hold exactly 32 bytes (raw, or base64 text).
   */
  public static MasterKey load(Path file, boolean createIfMissing) throws IOException {
    if (!Files.exists(file)) {
      if (!createIfMissing) {
        throw new MasterKeyException("master key file " + file + " does not exist");
      }
      create(file);
    }
    checkPermissions(file);
    byte[] raw = Files.readAllBytes(file);
    byte[] key = raw.length == BYTES ? raw : decodeText(raw);
    Crypto.get().wipe(raw);
    return new MasterKey(key);
  }

  private static byte[] decodeText(byte[] raw) {
    try {
      byte[] key = Base64.getDecoder().decode(new String(raw, StandardCharsets.US_ASCII).trim());
      if (key.length != BYTES) {
        throw new MasterKeyException("master key file must hold 32 bytes (raw or base64)");
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new MasterKeyException("master key file must hold 32 bytes (raw or base64)");
    }
  }

  private static void create(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    if (Files.getFileStore(parent).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
    }
    byte[] key = Crypto.get().randomBytes(BYTES);
    byte[] text = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      if (Files.getFileStore(parent).supportsFileAttributeView("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
      Files.write(file, text, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    } catch (FileAlreadyExistsException raced) {
      return;
    } finally {
      Crypto.get().wipe(key);
      Crypto.get().wipe(text);
    }
  }

  private static void checkPermissions(Path file) throws IOException {
    if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
      return;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)
        || perms.contains(PosixFilePermission.OTHERS_WRITE) || perms.contains(PosixFilePermission.GROUP_WRITE)) {
      throw new MasterKeyException("master key file " + file + " is readable by others (mode "
          + PosixFilePermissions.toString(perms) + "); run: chmod 600 " + file);
    }
  }

  /** A 32-byte subkey for one purpose ({@code "vault"}, {@code "blind-index"}, ...). */
  byte[] subkey(String purpose) {
    return Crypto.get().keyedHash(key, ("switchboard/" + purpose).getBytes(StandardCharsets.UTF_8), 32);
  }

  @Override
  public String toString() {
    return "MasterKey[REDACTED]";
  }

  /** The key file is missing, malformed or too open. */
  public static final class MasterKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MasterKeyException(String message) {
      super(message);
    }
  }
}
