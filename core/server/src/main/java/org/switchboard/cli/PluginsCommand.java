package org.switchboard.cli;

import org.switchboard.boot.Switchboard;
import org.switchboard.channels.ChannelRegistry;
import org.switchboard.plugins.PluginStatus;
import picocli.CommandLine.Command;

/** {@code switchboard plugins list}: what the plugins folder holds and whether each loads. */
@Command(name = "plugins", mixinStandardHelpOptions = true, description = "Show channel plugins.",
    subcommands = {PluginsCommand.ListPlugins.class})
final class PluginsCommand extends GroupCommand {

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List plugins and the channel types they add.")
  static final class ListPlugins extends ToolCommand {
    @Override
    int run() throws Exception {
      try (Switchboard server = open()) {
        ChannelRegistry registry = server.get(ChannelRegistry.class);
        out().println("plugins folder: " + config().pluginsDir().toAbsolutePath());
        out().println("built-in: " + String.join(", ", registry.all().stream().map(c -> c.descriptor().type())
            .filter(t -> registry.origin(t).equals("built-in")).toList()));
        boolean failed = false;
        for (PluginStatus plugin : registry.plugins()) {
          out().printf("%-12s %-14s %-9s %s%n", plugin.id(), plugin.version(), plugin.state(),
              plugin.failed() ? "PROBLEM: " + plugin.problem() : String.join(", ", plugin.channelTypes()));
          failed |= plugin.failed();
        }
        if (registry.plugins().isEmpty()) {
          out().println("(no plugins installed)");
        }
        return failed ? 1 : 0;
      }
    }
  }
}
