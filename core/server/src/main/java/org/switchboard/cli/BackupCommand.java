package org.switchboard.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.switchboard.backup.Backups;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard backup}: an online, consistent backup (the master key is deliberately left out). */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = "Write a consistent backup of the data folder while the server runs (master key excluded).")
final class BackupCommand extends ToolCommand {
  @Option(names = "--out", paramLabel = "FILE", description = "Backup file (default <data>/backups/switchboard-<time>.zip).")
  String out;

  @Override
  int run() throws Exception {
    var config = config();
    Path target = out != null ? Path.of(out) : config.dataDir().resolve("backups").resolve("switchboard-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".zip");
    if (target.toAbsolutePath().getParent() != null) {
      java.nio.file.Files.createDirectories(target.toAbsolutePath().getParent());
    }
    String version = new SwitchboardCommand.Version().getVersion()[0];
    Backups.Summary summary = Backups.create(config.dataDir(), config.pluginsDir(), target, version);
    var print = out();
    print.println("backup written: " + summary.file().toAbsolutePath() + " (" + summary.organizations()
        + " organization(s), " + summary.messages() + " message(s), all still sealed)");
    print.println("WARNING: the master key is not in the backup. Store " + config.masterKeyFile().toAbsolutePath()
        + " separately and safely; a restore needs both.");
    return 0;
  }
}
