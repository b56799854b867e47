package org.switchboard.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.switchboard.backup.Backups;
import org.switchboard.crypto.MasterKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard restore}: restores a backup into an empty data folder; never overwrites. */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = "Restore a backup into an empty data folder (refuses to overwrite an existing one).")
final class RestoreCommand extends ToolCommand {
  @Option(names = "--from", required = true, paramLabel = "FILE", description = "The backup file.")
  String from;

  @Override
  int run() throws Exception {
    var config = config();
    Path backup = Path.of(from);
    if (!Files.isRegularFile(backup)) {
      throw new IllegalArgumentException("backup file not found: " + from);
    }
    Optional<MasterKey> key = Files.exists(config.masterKeyFile())
        ? Optional.of(MasterKey.load(config.masterKeyFile(), false)) : Optional.empty();
    Optional<String> warning = Backups.restore(backup, config.dataDir(), key);
    out().println("restored into " + config.dataDir().toAbsolutePath());
    warning.ifPresent(w -> err().println("WARNING: " + w));
    return warning.isPresent() && key.isPresent() ? 1 : 0;
  }
}
