package org.switchboard.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.switchboard.crypto.DecryptionException;
import org.switchboard.crypto.MasterKey;
import org.switchboard.crypto.Vault;
import org.switchboard.crypto.VaultBox;
import org.switchboard.storage.Database;

/**
 * Backups and restores of a data folder. A backup is a zip of a consistent online copy of the database (taken with
 * {@code VACUUM INTO} while the server runs; its contents stay sealed), the list of installed plugins and a
 * manifest. The master key is never included: it must be stored separately, and without it a backup restores
 * to a server that cannot read provider credentials — and with it alone, still no conversation.
 */
public final class Backups {
  public static final String DB_ENTRY = "switchboard.db";
  public static final String MANIFEST_ENTRY = "MANIFEST.txt";
  public static final String PLUGINS_ENTRY = "plugins.txt";

  private Backups() {}

  /** What a backup held. */
  public record Summary(Path file, long databaseBytes, int organizations, int messages, List<String> plugins) {}

  /** Writes a backup of {@code dataDir} to {@code target} (which must not exist). */
  public static Summary create(Path dataDir, Path pluginsDir, Path target, String version) throws IOException {
    Path db = dataDir.resolve(Database.FILE_NAME);
    if (!Files.exists(db)) {
      throw new IOException("no database in " + dataDir + " (is --data right?)");
    }
    if (Files.exists(target)) {
      throw new IOException("backup file already exists: " + target);
    }
    Path tmpDir = Files.createTempDirectory("switchboard-backup");
    Path copy = tmpDir.resolve(DB_ENTRY);
    try {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
          Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 10000");
        s.execute("VACUUM INTO '" + copy.toAbsolutePath().toString().replace("'", "''") + "'");
      } catch (SQLException e) {
        throw new IOException("could not copy the database: " + e.getMessage(), e);
      }
      int orgs = count(copy, "orgs");
      int messages = count(copy, "messages");
      List<String> plugins = pluginFiles(pluginsDir);
      String manifest = "Switchboard backup\n"
          + "version: " + version + "\n"
          + "created: " + Instant.now() + "\n"
          + "organizations: " + orgs + "\n"
          + "messages: " + messages + "\n"
          + "\n"
          + "The master key is NOT in this backup. Keep a copy of it (keys/master.key or your Docker secret)\n"
          + "somewhere else; restore needs both. Everything people wrote stays sealed to each organization's key.\n";
      Path partial = target.resolveSibling(target.getFileName() + ".partial");
      try (OutputStream out = Files.newOutputStream(partial); ZipOutputStream zip = new ZipOutputStream(out)) {
        zip.putNextEntry(new ZipEntry(MANIFEST_ENTRY));
        zip.write(manifest.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry(PLUGINS_ENTRY));
        zip.write((String.join("\n", plugins) + "\n").getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry(DB_ENTRY));
        Files.copy(copy, zip);
        zip.closeEntry();
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      return new Summary(target, Files.size(copy), orgs, messages, plugins);
    } finally {
      Files.deleteIfExists(copy);
      Files.deleteIfExists(tmpDir);
    }
  }

  /**
   * Restores a backup into an empty data folder (refuses to overwrite an existing database). When a master key
   * is given, checks that it opens the backup's vault; returns a warning otherwise.
   */
  public static Optional<String> restore(Path backup, Path dataDir, Optional<MasterKey> key) throws IOException {
    Path db = dataDir.resolve(Database.FILE_NAME);
    if (Files.exists(db)) {
      throw new IOException("refusing to restore: " + db + " already exists (restore into an empty data folder)");
    }
    Files.createDirectories(dataDir);
    boolean found = false;
    Path partial = dataDir.resolve(Database.FILE_NAME + ".restoring");
    try (InputStream in = Files.newInputStream(backup); ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        if (entry.getName().equals(DB_ENTRY)) {
          Files.copy(zip, partial, StandardCopyOption.REPLACE_EXISTING);
          found = true;
        }
      }
    }
    if (!found) {
      Files.deleteIfExists(partial);
      throw new IOException("this file is not a Switchboard backup (no " + DB_ENTRY + " inside)");
    }
    String integrity = query(partial, "PRAGMA integrity_check");
    if (!"ok".equalsIgnoreCase(integrity)) {
      Files.deleteIfExists(partial);
      throw new IOException("the backup's database is damaged: " + integrity);
    }
    Files.move(partial, db, StandardCopyOption.ATOMIC_MOVE);
    if (key.isEmpty()) {
      return Optional.of("no master key found: copy the original key into place before starting the server");
    }
    String sample = query(db, "SELECT hex(email_enc) FROM users LIMIT 1");
    if (sample != null && !sample.isEmpty()) {
      try {
        new Vault(key.get()).unlock(VaultBox.of(java.util.HexFormat.of().parseHex(sample)));
      } catch (DecryptionException e) {
        return Optional.of("the master key in place does not match this backup; use the key from the backed-up"
            + " server, or provider credentials and member e-mails cannot be read");
      }
    }
    return Optional.empty();
  }

  private static int count(Path db, String table) throws IOException {
    String value = query(db, "SELECT count(*) FROM " + table);
    return value == null ? 0 : Integer.parseInt(value);
  }

  private static String query(Path db, String sql) throws IOException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    } catch (SQLException e) {
      throw new IOException("could not read the database: " + e.getMessage(), e);
    }
  }

  private static List<String> pluginFiles(Path pluginsDir) throws IOException {
    List<String> names = new ArrayList<>();
    if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
      try (Stream<Path> files = Files.list(pluginsDir)) {
        files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar") || n.endsWith(".zip")).sorted()
            .forEach(names::add);
      }
    }
    return names;
  }
}
