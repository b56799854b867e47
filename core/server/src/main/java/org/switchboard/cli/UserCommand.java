package org.switchboard.cli;

import org.switchboard.auth.Caller;
import org.switchboard.boot.Switchboard;
import org.switchboard.orgs.Org;
import org.switchboard.orgs.OrgService;
import org.switchboard.users.Role;
import org.switchboard.users.User;
import org.switchboard.users.UserService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard user add|list|deactivate}: manage members. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Add, list or deactivate members.",
    subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Deactivate.class})
final class UserCommand extends GroupCommand {

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a member (an admin's login unlocks the org key to share with them).")
  static final class Add extends ToolCommand {
    @Option(names = "--admin-email", required = true, paramLabel = "EMAIL", description = "An owner's or admin's e-mail.")
    String adminEmail;

    @Option(names = "--admin-password-file", required = true, paramLabel = "FILE",
        description = "File with that admin's password.")
    String adminPasswordFile;

    @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "The new member's e-mail.")
    String email;

    @Option(names = "--name", paramLabel = "NAME", description = "The new member's display name.")
    String name;

    @Option(names = "--role", defaultValue = "volunteer", paramLabel = "ROLE", description = "admin or volunteer.")
    String role;

    @Option(names = "--password-file", required = true, paramLabel = "FILE",
        description = "File with the new member's first password.")
    String passwordFile;

    @Override
    int run() throws Exception {
      String password = Secrets.readPasswordFile(passwordFile, "password");
      try (Switchboard server = open()) {
        Caller admin = login(server, adminEmail, adminPasswordFile).requireManager();
        try {
          User user = server.get(UserService.class).add(admin.unlocked(), email, name, Role.parse(role), password);
          out().println("added member " + user.id() + " (" + user.role().id() + ")");
          return 0;
        } finally {
          admin.keys().close();
        }
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List members of every organization.")
  static final class ListUsers extends ToolCommand {
    @Override
    int run() throws Exception {
      try (Switchboard server = open()) {
        for (Org org : server.get(OrgService.class).all()) {
          out().println("org " + org.id() + "  " + org.name());
          for (User user : server.get(UserService.class).list(org.id())) {
            out().printf("  %5d  %-9s  %-8s  %s%n", user.id(), user.role().id(),
                user.active() ? "active" : "inactive", user.email());
          }
        }
        return 0;
      }
    }
  }

  @Command(name = "deactivate", mixinStandardHelpOptions = true, description = "Deactivate a member by id.")
  static final class Deactivate extends ToolCommand {
    @Option(names = "--id", required = true, paramLabel = "ID", description = "The member's id (see user list).")
    long id;

    @Override
    int run() throws Exception {
      try (Switchboard server = open()) {
        UserService users = server.get(UserService.class);
        User user = users.find(id).orElseThrow(() -> new IllegalArgumentException("no member with id " + id));
        users.deactivate(user.orgId(), id);
        out().println("member " + id + " deactivated; sessions of a running server end within a minute");
        return 0;
      }
    }
  }
}
