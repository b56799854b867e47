package org.switchboard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
  @TempDir
  Path dir;

  @Test
  void schemaVersionConstantMatchesTheNewestMigrationFile() throws Exception {
    int newest;
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      newest = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V[0-9]+__.*\\.sql"))
          .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
    }
    assertThat(Database.SCHEMA_VERSION).isEqualTo(newest);
  }

  @Test
  void aFreshDatabaseIsMigratedAndReopensWithoutAnotherMigration() throws Exception {
    Database.open(dir).close();
    assertThat(Database.schemaVersion(dir.resolve(Database.FILE_NAME))).isEqualTo(Database.SCHEMA_VERSION);
    Database.open(dir).close();
    assertThat(dir.resolve("backups")).doesNotExist();
  }

  @Test
  void aDatabaseFromTheFirstReleaseUpgradesToTheNewestKeepingItsDataAndABackup() throws Exception {
    Path first = dir.resolve("first");
    Files.createDirectories(first);
    Files.copy(Path.of("src/main/resources/db/migration/V1__foundation.sql"), first.resolve("V1__foundation.sql"));
    Path data = dir.resolve("data");
    try (Database db = Database.open(data, "filesystem:" + first, 1); Writer writer = new Writer(db)) {
      writer.write(tx -> tx.dsl().insertInto(org.switchboard.storage.schema.Tables.ORGS)
          .set(org.switchboard.storage.schema.Tables.ORGS.NAME, "kept")
          .set(org.switchboard.storage.schema.Tables.ORGS.TIMEZONE, "UTC")
          .set(org.switchboard.storage.schema.Tables.ORGS.PUBLIC_KEY, new byte[32])
          .set(org.switchboard.storage.schema.Tables.ORGS.CREATED_AT, 0L).execute());
    }

    try (Database db = Database.open(data)) {
      assertThat(Database.schemaVersion(data.resolve(Database.FILE_NAME))).isEqualTo(Database.SCHEMA_VERSION);
      assertThat(db.read().fetchValue("SELECT name FROM orgs")).isEqualTo("kept");
      assertThat(db.read().fetchCount(org.switchboard.storage.schema.Tables.EARLY_STATUSES)).isZero();
    }
    try (Stream<Path> backups = Files.list(data.resolve("backups"))) {
      assertThat(backups.filter(p -> p.getFileName().toString().startsWith("before-migration-"))).hasSize(1);
    }
  }

  @Test
  void aFailedUpgradeLeavesTheDataAsItWasWithABackupBeside() throws Exception {
    Path migrations = dir.resolve("migrations");
    Files.createDirectories(migrations);
    Files.copy(Path.of("src/main/resources/db/migration/V1__foundation.sql"),
        migrations.resolve("V1__foundation.sql"));
    Path data = dir.resolve("data");
    try (Database db = Database.open(data, "filesystem:" + migrations, 1); Writer writer = new Writer(db)) {
      writer.write(tx -> tx.dsl().insertInto(org.switchboard.storage.schema.Tables.ORGS)
          .set(org.switchboard.storage.schema.Tables.ORGS.NAME, "kept")
          .set(org.switchboard.storage.schema.Tables.ORGS.TIMEZONE, "UTC")
          .set(org.switchboard.storage.schema.Tables.ORGS.PUBLIC_KEY, new byte[32])
          .set(org.switchboard.storage.schema.Tables.ORGS.CREATED_AT, 0L).execute());
    }
    Files.writeString(migrations.resolve("V2__broken.sql"),
        "ALTER TABLE orgs ADD COLUMN motto TEXT;\nTHIS IS NOT SQL;\n");

    assertThatThrownBy(() -> Database.open(data, "filesystem:" + migrations, 2))
        .isInstanceOf(java.io.IOException.class).hasMessageContaining("data is unchanged")
        .hasMessageContaining("backups");

    try (Stream<Path> backups = Files.list(data.resolve("backups"))) {
      assertThat(backups.filter(p -> p.getFileName().toString().startsWith("before-migration-"))).hasSize(1);
    }
    Files.delete(migrations.resolve("V2__broken.sql"));
    try (Database db = Database.open(data, "filesystem:" + migrations, 1)) {
      assertThat(Database.schemaVersion(data.resolve(Database.FILE_NAME))).isEqualTo(1);
      assertThat(db.read().select(org.switchboard.storage.schema.Tables.ORGS.NAME)
          .from(org.switchboard.storage.schema.Tables.ORGS).fetch(org.switchboard.storage.schema.Tables.ORGS.NAME))
          .containsExactly("kept");
      assertThat(db.read().fetch("PRAGMA table_info(orgs)").getValues("name", String.class)).doesNotContain("motto");
    }
  }
}
