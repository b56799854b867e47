package org.switchboard.storage;

import static org.assertj.core.api.Assertions.assertThat;

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
}
