package org.switchboard.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The embedded SQLite database: migrations on open (with a backup first when the schema changes), a small pool of
 * read connections, and one dedicated connection for the {@link Writer}. WAL journal, foreign keys on, a busy
 * timeout, and {@code synchronous=FULL} on the writer so a commit is on disk before anyone is told it happened.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  public static final String FILE_NAME = "switchboard.db";
  /** The newest migration in {@code db/migration}; a database already at it opens without loading Flyway. */
  public static final int SCHEMA_VERSION = 2;

  private final Path file;
  private final HikariDataSource readers;
  private final DSLContext read;

  private Database(Path file, HikariDataSource readers) {
    this.file = file;
    this.readers = readers;
    this.read = DSL.using(readers, SQLDialect.SQLITE, settings());
  }

  /** Opens (creating if needed) the database in {@code dataDir} and brings its schema up to date. */
  public static Database open(Path dataDir) throws IOException {
    return open(dataDir, "classpath:db/migration", SCHEMA_VERSION);
  }

  /** Opens with migrations from another location (tests of the upgrade path). */
  static Database open(Path dataDir, String migrations, int schemaVersion) throws IOException {
    if (!Files.exists(dataDir)) {
      Files.createDirectories(dataDir);
      if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      }
    }
    Path file = dataDir.resolve(FILE_NAME);
    migrate(file, dataDir, migrations, schemaVersion);
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("sqlite-read");
    pool.setJdbcUrl(url(file));
    pool.setDataSourceProperties(readerConfig().toProperties());
    pool.setMaximumPoolSize(4);
    pool.setMinimumIdle(1);
    pool.setConnectionTimeout(10_000);
    return new Database(file, new HikariDataSource(pool));
  }

  private static void migrate(Path file, Path dataDir, String migrations, int schemaVersion) throws IOException {
    boolean existed = Files.exists(file) && Files.size(file) > 0;
    if (existed && schemaVersion(file) == schemaVersion) {
      return;
    }
    Flyway flyway = Flyway.configure()
        .dataSource(url(file), null, null)
        .locations(migrations)
        .loggers("slf4j")
        .load();
    MigrationInfo[] pending = flyway.info().pending();
    if (pending.length == 0) {
      return;
    }
    if (existed) {
      Path backup = dataDir.resolve("backups").resolve(
          "before-migration-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".db");
      Files.createDirectories(backup.getParent());
      vacuumInto(file, backup);
      log.info("schema upgrade: {} pending migration(s); backup written to {}", pending.length, backup);
    }
    try {
      flyway.migrate();
    } catch (org.flywaydb.core.api.FlywayException e) {
      // SQLite runs each migration in a transaction: a failed one is rolled back, and the backup above holds the
      // database exactly as it was.
      throw new IOException("the database schema could not be upgraded (" + e.getMessage().lines().findFirst()
          .orElse("migration failed") + "); the data is unchanged" + (existed ? " and a copy was saved in "
          + dataDir.resolve("backups") : ""), e);
    }
  }

  /** The schema version recorded by Flyway, or -1 when unknown. */
  static int schemaVersion(Path file) {
    try (Connection c = readerConfig().createConnection(url(file)); Statement s = c.createStatement();
        var result = s.executeQuery("SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success = 1")) {
      return result.next() ? result.getInt(1) : -1;
    } catch (SQLException e) {
      return -1;
    }
  }

  /** Writes a consistent copy of the live database to {@code target} (an online backup; contents stay sealed). */
  public void backupTo(Path target) throws IOException {
    vacuumInto(file, target);
  }

  private static void vacuumInto(Path source, Path target) throws IOException {
    if (Files.exists(target)) {
      throw new IOException("backup target already exists: " + target);
    }
    try (Connection c = readerConfig().createConnection(url(source)); Statement s = c.createStatement()) {
      s.execute("VACUUM INTO '" + target.toAbsolutePath().toString().replace("'", "''") + "'");
    } catch (SQLException e) {
      throw new IOException("could not copy the database: " + e.getMessage(), e);
    }
  }

  /** Reads run here, on pooled connections; all writes go through the {@link Writer}. */
  public DSLContext read() {
    return read;
  }

  /** A new connection configured for the single writer. */
  Connection openWriterConnection() throws SQLException {
    SQLiteConfig config = baseConfig();
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    Connection connection = config.createConnection(url(file));
    connection.setAutoCommit(false);
    return connection;
  }

  public Path file() {
    return file;
  }

  static Settings settings() {
    return new Settings().withRenderSchema(false).withExecuteLogging(false);
  }

  private static SQLiteConfig baseConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(10_000);
    return config;
  }

  private static SQLiteConfig readerConfig() {
    SQLiteConfig config = baseConfig();
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    return config;
  }

  private static String url(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath();
  }

  @Override
  public void close() {
    readers.close();
  }
}
