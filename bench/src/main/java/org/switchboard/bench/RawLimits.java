package org.switchboard.bench;

import com.goterl.lazysodium.SodiumJava;
import com.goterl.lazysodium.utils.LibraryLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.sqlite.SQLiteConfig;

/**
 * The machine's own ceilings for what one ingested message must do, measured with the libraries the server uses:
 * durable SQLite inserts (WAL, {@code synchronous=FULL}, immediate transactions, like the server's writer) and
 * {@code crypto_box_seal} through lazysodium's bundled libsodium.
 */
final class RawLimits {
  private static final int ROW_BYTES = 300;
  private static final int MESSAGE_BYTES = 200;
  private static final SodiumJava SODIUM = new SodiumJava(LibraryLoader.Mode.BUNDLED_ONLY);

  private RawLimits() {
  }

  /**
   * Rows per second inserted into a fresh database, {@code perTransaction} rows per commit in one transaction, as
   * the server's writer batches concurrent units of work.
   */
  static double sqliteInserts(Path folder, int perTransaction, Duration duration) throws Exception {
    Files.createDirectories(folder);
    Path file = Files.createTempFile(folder, "raw", ".db");
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    byte[] row = new byte[ROW_BYTES];
    new Random(1).nextBytes(row);
    long rows = 0;
    long elapsed;
    try (Connection c = config.createConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL, "
            + "body BLOB NOT NULL, created_at INTEGER NOT NULL)");
      }
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO messages (conversation_id, body, created_at) VALUES (?, ?, ?)")) {
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        while (System.nanoTime() < deadline) {
          for (int i = 0; i < perTransaction; i++) {
            insert.setLong(1, rows % 1000);
            insert.setBytes(2, row);
            insert.setLong(3, System.currentTimeMillis());
            insert.executeUpdate();
            rows++;
          }
          c.commit();
        }
        elapsed = System.nanoTime() - start;
      }
    } finally {
      deleteDatabase(file);
    }
    return rows / (elapsed / 1e9);
  }

  /** {@code crypto_box_seal} of a 200-byte message per second, on {@code threads} threads together. */
  static double seals(int threads, Duration duration) throws Exception {
    byte[] publicKey = new byte[32];
    byte[] secretKey = new byte[32];
    SODIUM.crypto_box_keypair(publicKey, secretKey);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      long deadline = start + duration.toNanos();
      List<Callable<Long>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(() -> {
          byte[] message = new byte[MESSAGE_BYTES];
          byte[] sealed = new byte[MESSAGE_BYTES + 48];
          long count = 0;
          while (System.nanoTime() < deadline) {
            if (SODIUM.crypto_box_seal(sealed, message, message.length, publicKey) != 0) {
              throw new IllegalStateException("crypto_box_seal failed");
            }
            count++;
          }
          return count;
        });
      }
      long total = 0;
      for (Future<Long> done : pool.invokeAll(workers)) {
        total += done.get();
      }
      return total / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  private static void deleteDatabase(Path file) throws IOException {
    for (String suffix : List.of("", "-wal", "-shm")) {
      Files.deleteIfExists(Path.of(file + suffix));
    }
  }
}
