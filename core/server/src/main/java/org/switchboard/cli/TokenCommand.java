package org.switchboard.cli;

import org.switchboard.auth.Caller;
import org.switchboard.auth.TokenService;
import org.switchboard.boot.Switchboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard token create|revoke}: API tokens for scripts. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Create or revoke API tokens.",
    subcommands = {TokenCommand.Create.class, TokenCommand.Revoke.class})
final class TokenCommand extends GroupCommand {

  /** Options naming the member whose token it is. */
  abstract static class AsMember extends ToolCommand {
    @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "Your e-mail.")
    String email;

    @Option(names = "--password-file", required = true, paramLabel = "FILE", description = "File with your password.")
    String passwordFile;

    abstract int run(Switchboard server, Caller caller);

    @Override
    int run() throws Exception {
      try (Switchboard server = open()) {
        Caller caller = login(server, email, passwordFile);
        try {
          return run(server, caller);
        } finally {
          caller.keys().close();
        }
      }
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an API token (printed once).")
  static final class Create extends AsMember {
    @Option(names = "--label", paramLabel = "TEXT", description = "What the token is for.")
    String label;

    @Override
    int run(Switchboard server, Caller caller) {
      TokenService.Created token = server.get(TokenService.class).create(caller, label);
      out().println(token.token());
      err().println("token " + token.id() + " created; it is shown only now");
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an API token by id.")
  static final class Revoke extends AsMember {
    @Option(names = "--id", required = true, paramLabel = "ID", description = "The token id.")
    long id;

    @Override
    int run(Switchboard server, Caller caller) {
      server.get(TokenService.class).revoke(caller, id);
      out().println("token " + id + " revoked");
      return 0;
    }
  }
}
