package org.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.cli.SwitchboardCommand;

/** The admin CLI as an operator uses it: init, tokens, members, backup and restore, doctor, bad input. */
class CliTest {
  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SwitchboardCommand.execute(List.of(), Map.of("SWITCHBOARD_DATA", dir.resolve("data").toString(),
        "SWITCHBOARD_PLUGINS", dir.resolve("plugins").toString()), new PrintWriter(out, true),
        new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path passwordFile(String name, String password) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, password + "\n");
    return file;
  }

  @Test
  void initPrintsTheRecoveryCodeOnceAndTokensWork() throws Exception {
    Path pw = passwordFile("owner.pw", TestSwitchboard.PASSWORD);
    Run init = run("init", "--org", "Tenants Line", "--timezone", "Europe/Berlin", "--admin-email",
        "owner@example.org", "--admin-password-file", pw.toString());
    assertThat(init.code()).as(init.err()).isZero();
    assertThat(init.out()).containsPattern("[0-9A-Z]{5}(-[0-9A-Z]{5}){4}");
    assertThat(Files.readString(pw)).contains(TestSwitchboard.PASSWORD);

    Run token = run("token", "create", "--email", "owner@example.org", "--password-file", pw.toString(),
        "--label", "script");
    assertThat(token.code()).as(token.err()).isZero();
    assertThat(token.out().trim()).matches("sbt_[A-Za-z0-9_-]{43}");

    Run wrong = run("token", "create", "--email", "owner@example.org", "--password-file",
        passwordFile("wrong.pw", "not the password").toString());
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.err().trim()).isEqualTo("switchboard: e-mail or password is wrong");

    Run revoke = run("token", "revoke", "--email", "owner@example.org", "--password-file", pw.toString(),
        "--id", "1");
    assertThat(revoke.code()).as(revoke.err()).isZero();
  }

  @Test
  void membersCanBeAddedListedAndDeactivated() throws Exception {
    Path pw = passwordFile("owner.pw", TestSwitchboard.PASSWORD);
    run("init", "--org", "Line", "--admin-email", "owner@example.org", "--admin-password-file", pw.toString());
    Run add = run("user", "add", "--admin-email", "owner@example.org", "--admin-password-file", pw.toString(),
        "--email", "vol@example.org", "--name", "Vol", "--password-file", passwordFile("v.pw", "volunteer pass 1")
            .toString());
    assertThat(add.code()).as(add.err()).isZero();
    Run list = run("user", "list");
    assertThat(list.out()).contains("owner@example.org").contains("vol@example.org").contains("volunteer");
    Run deactivate = run("user", "deactivate", "--id", "2");
    assertThat(deactivate.code()).as(deactivate.err()).isZero();
    assertThat(run("user", "list").out()).containsPattern("volunteer\\s+inactive");
    Run lastOwner = run("user", "deactivate", "--id", "1");
    assertThat(lastOwner.code()).isEqualTo(2);
    assertThat(lastOwner.err()).contains("only owner");
  }

  @Test
  void badInputExitsNonZeroWithOneLine() {
    Run missing = run("init", "--org", "X");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required options");
    Run noFile = run("init", "--org", "X", "--admin-email", "a@example.org", "--admin-password-file",
        dir.resolve("absent").toString());
    assertThat(noFile.code()).isEqualTo(2);
    assertThat(noFile.err().lines().count()).isEqualTo(1);
    assertThat(noFile.err()).startsWith("switchboard: cannot read password file");
    Run unknown = run("frobnicate");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(run("--help").out()).contains("serve").contains("backup").contains("doctor");
  }

  @Test
  void backupRestoresIntoANewFolderAndTheSameOrgReadsTheSameConversations() throws Exception {
    Path data = dir.resolve("data");
    Path pw = passwordFile("owner.pw", TestSwitchboard.PASSWORD);
    run("init", "--org", "Line", "--admin-email", "owner@example.org", "--admin-password-file", pw.toString());
    try (TestSwitchboard server = TestSwitchboard.builder().dataDir(data).start()) {
      String token = server.get(org.switchboard.channels.ConnectorService.class).list(1).get(0).webhookToken();
      new WebChatServiceDriver(server, token).say("kept in the backup");
      Run backup = run("backup", "--out", dir.resolve("b.zip").toString());
      assertThat(backup.code()).as(backup.err()).isZero();
      assertThat(backup.out()).contains("master key is not in the backup");
    }
    assertThat(PlaintextScanner.findAny(dir.resolve("b.zip").getParent(), List.of("kept in the backup")))
        .as("backup holds no plaintext").noneMatch(hit -> hit.contains("b.zip"));

    Path restored = dir.resolve("restored");
    Files.createDirectories(restored.resolve("keys"));
    Files.copy(data.resolve("keys/master.key"), restored.resolve("keys/master.key"));
    Files.setPosixFilePermissions(restored.resolve("keys/master.key"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Run restore = run("restore", "--from", dir.resolve("b.zip").toString(), "--data", restored.toString());
    assertThat(restore.code()).as(restore.err()).isZero();
    Run again = run("restore", "--from", dir.resolve("b.zip").toString(), "--data", restored.toString());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("refusing to restore");

    try (TestSwitchboard server = TestSwitchboard.builder().dataDir(restored).start()) {
      var api = server.http().withBearer(server.apiToken("owner@example.org"));
      assertThat(api.get("/api/v1/conversations").json().get("conversations").get(0).get("preview").asText())
          .isEqualTo("kept in the backup");
    }
  }

  @Test
  void doctorReportsAMissingKeyAndOpenPermissions() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Files.setPosixFilePermissions(dir.resolve("data"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Run doctor = run("doctor");
    assertThat(doctor.code()).isEqualTo(1);
    assertThat(doctor.out()).contains("readable by other users").contains("master key").contains("problem(s) found");
  }
}
