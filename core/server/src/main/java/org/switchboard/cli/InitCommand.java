package org.switchboard.cli;

import org.switchboard.boot.Switchboard;
import org.switchboard.orgs.OrgService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard init}: creates an organization and its owner without a browser; prints the recovery code once. */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = "Create an organization and its owner (prints the recovery code once).")
final class InitCommand extends ToolCommand {
  @Option(names = "--org", required = true, paramLabel = "NAME", description = "Organization name.")
  String org;

  @Option(names = "--timezone", defaultValue = "UTC", paramLabel = "ZONE",
      description = "Time zone, e.g. Europe/Berlin (default UTC).")
  String timezone;

  @Option(names = "--admin-email", required = true, paramLabel = "EMAIL", description = "The owner's e-mail.")
  String email;

  @Option(names = "--admin-name", paramLabel = "NAME", description = "The owner's display name.")
  String name;

  @Option(names = "--admin-password-file", required = true, paramLabel = "FILE",
      description = "File whose first line is the owner's password ('-' reads standard input).")
  String passwordFile;

  @Override
  int run() throws Exception {
    String password = Secrets.readPasswordFile(passwordFile, "password");
    try (Switchboard server = open()) {
      OrgService orgs = server.get(OrgService.class);
      boolean first = !orgs.anyExists();
      OrgService.Created created = orgs.create(org, timezone, email, name, password);
      var out = out();
      out.println("Created organization " + created.orgId() + (first ? "" : " (this appliance now hosts "
          + orgs.all().size() + " organizations)") + " with its owner.");
      out.println();
      out.println("Recovery code (shown once; store it offline — it is the only way back in if every password is lost):");
      out.println();
      out.println("    " + created.recoveryCode());
      out.println();
      out.flush();
      return 0;
    }
  }
}
