package org.switchboard.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.switchboard.auth.Caller;
import org.switchboard.auth.LoginService;
import org.switchboard.boot.ServerConfig;
import org.switchboard.boot.Switchboard;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every admin command shares: the config flags, the server it opens, output streams, and member logins. */
abstract class ToolCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options = new ConfigOptions();

  @Spec
  CommandSpec spec;

  /** The command's work; return the exit code. */
  abstract int run() throws Exception;

  @Override
  public final Integer call() throws Exception {
    return run();
  }

  SwitchboardCommand root() {
    return (SwitchboardCommand) spec.root().userObject();
  }

  ServerConfig config() {
    return options.resolve(root().env());
  }

  /** Opens the data folder for a one-off command (may run while the server runs). */
  Switchboard open() throws IOException {
    return Switchboard.openForTool(config(), root().extraModules());
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Logs a member in with their e-mail and password file; close the caller's keys after use. */
  static Caller login(Switchboard server, String email, String passwordFile) {
    String password = Secrets.readPasswordFile(passwordFile, "password");
    return server.get(LoginService.class).authenticate(email, password, "cli");
  }
}
