package org.switchboard.cli;

import java.util.concurrent.Callable;
import org.switchboard.auth.Caller;
import org.switchboard.auth.LoginService;
import org.switchboard.auth.TokenService;
import org.switchboard.boot.Switchboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code switchboard token create|revoke}: API tokens for scripts. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Create or revoke API tokens.",
    subcommands = {TokenCommand.Create.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
  @ParentCommand
  SwitchboardCommand parent;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Logs in as a member with the e-mail and password file given. */
  static Caller login(Switchboard server, String email, String passwordFile) {
    String password = Secrets.readPasswordFile(passwordFile, "password");
    return server.get(LoginService.class).authenticate(email, password, "cli");
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an API token (printed once).")
  static final class Create implements Callable<Integer> {
    @ParentCommand
    TokenCommand parent;

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "Your e-mail.")
    String email;

    @Option(names = "--password-file", required = true, paramLabel = "FILE", description = "File with your password.")
    String passwordFile;

    @Option(names = "--label", paramLabel = "TEXT", description = "What the token is for.")
    String label;

    @Override
    public Integer call() throws Exception {
      try (Switchboard server = Switchboard.openForTool(options.resolve(parent.parent.env()),
          parent.parent.extraModules())) {
        Caller caller = login(server, email, passwordFile);
        try {
          TokenService.Created token = server.get(TokenService.class).create(caller, label);
          spec.commandLine().getOut().println(token.token());
          spec.commandLine().getErr().println("token " + token.id() + " created; it is shown only now");
          return 0;
        } finally {
          caller.keys().close();
        }
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an API token by id.")
  static final class Revoke implements Callable<Integer> {
    @ParentCommand
    TokenCommand parent;

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "Your e-mail.")
    String email;

    @Option(names = "--password-file", required = true, paramLabel = "FILE", description = "File with your password.")
    String passwordFile;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "The token id.")
    long id;

    @Override
    public Integer call() throws Exception {
      try (Switchboard server = Switchboard.openForTool(options.resolve(parent.parent.env()),
          parent.parent.extraModules())) {
        Caller caller = login(server, email, passwordFile);
        try {
          server.get(TokenService.class).revoke(caller, id);
          spec.commandLine().getOut().println("token " + id + " revoked");
          return 0;
        } finally {
          caller.keys().close();
        }
      }
    }
  }
}
