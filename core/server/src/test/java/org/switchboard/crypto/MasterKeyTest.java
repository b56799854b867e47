package org.switchboard.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {
  @TempDir
  Path dir;

  @Test
  void createsAKeyFileReadableOnlyByTheOwnerAndReadsTheSameKeyBack() throws Exception {
    Path file = dir.resolve("keys/master.key");
    MasterKey first = MasterKey.load(file, true);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    MasterKey second = MasterKey.load(file, false);
    assertThat(new Vault(second).unlockText(new Vault(first).lock("same key"))).isEqualTo("same key");
    assertThat(first.toString()).doesNotContain(Files.readString(file).trim());
  }

  @Test
  void refusesAKeyFileOthersCanRead() throws Exception {
    Path file = dir.resolve("open.key");
    Files.writeString(file, Base64.getEncoder().encodeToString(Crypto.get().randomBytes(32)));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> MasterKey.load(file, false)).isInstanceOf(MasterKey.MasterKeyException.class)
        .hasMessageContaining("readable by others").hasMessageContaining("chmod 600");
  }

  @Test
  void refusesMissingAndMalformedKeys() throws Exception {
    assertThatThrownBy(() -> MasterKey.load(dir.resolve("absent.key"), false))
        .isInstanceOf(MasterKey.MasterKeyException.class).hasMessageContaining("does not exist");
    Path file = dir.resolve("short.key");
    Files.writeString(file, "dG9vIHNob3J0");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> MasterKey.load(file, false)).hasMessageContaining("32 bytes");
  }

  @Test
  void acceptsARaw32ByteDockerSecret() throws Exception {
    Path file = dir.resolve("raw.key");
    Files.write(file, Crypto.get().randomBytes(32));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    assertThat(MasterKey.load(file, false)).isNotNull();
  }
}
