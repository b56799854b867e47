package org.switchboard.cli;

import com.google.inject.Module;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code switchboard} launcher: {@code serve} runs the server; the other commands administer a data folder
 * (they may run while the server runs). Every command has {@code --help}, exits non-zero with a one-line reason on
 * bad input, and never prints secrets other than the one it was asked to create.
 */
@Command(name = "switchboard", mixinStandardHelpOptions = true, versionProvider = SwitchboardCommand.Version.class,
    description = "A self-hosted, privacy-first hotline.",
    subcommands = {ServeCommand.class, InitCommand.class, TokenCommand.class, UserCommand.class,
        PluginsCommand.class, BackupCommand.class, RestoreCommand.class, DoctorCommand.class})
public final class SwitchboardCommand implements Runnable {
  private final List<Module> extraModules;
  private final Map<String, String> env;

  public SwitchboardCommand(List<Module> extraModules, Map<String, String> env) {
    this.extraModules = List.copyOf(extraModules);
    this.env = Map.copyOf(env);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  List<Module> extraModules() {
    return extraModules;
  }

  Map<String, String> env() {
    return env;
  }

  /** Runs the launcher and returns the exit code. */
  public static int execute(List<Module> extraModules, Map<String, String> env, String... args) {
    return execute(extraModules, env, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the launcher with explicit output streams (tests). */
  public static int execute(List<Module> extraModules, Map<String, String> env, PrintWriter out, PrintWriter err,
      String... args) {
    if (args.length == 0 || !"serve".equals(args[0])) {
      quietLogs();
    }
    CommandLine cli = new CommandLine(new SwitchboardCommand(extraModules, env));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("switchboard: " + OneLine.of(e));
      return e instanceof IllegalArgumentException || e instanceof org.switchboard.errors.BadInputException
          || e instanceof org.switchboard.errors.ConflictException
          || e instanceof org.switchboard.errors.AuthenticationException ? 2 : 1;
    });
    return cli.execute(args);
  }

  /** One-off commands log warnings only, so their output stays readable. */
  private static void quietLogs() {
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  /** Prints the version from the JAR manifest. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = SwitchboardCommand.class.getPackage().getImplementationVersion();
      return new String[] {"switchboard " + (version == null ? "dev" : version)};
    }
  }
}
