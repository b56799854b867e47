package org.switchboard.launcher;

import java.util.List;
import org.switchboard.cli.SwitchboardCommand;
import org.switchboard.web.WebModule;

/** The {@code switchboard} launcher: the server with its web UI, and the admin commands. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(SwitchboardCommand.execute(List.of(new WebModule()), System.getenv(), args));
  }
}
