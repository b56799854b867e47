package org.switchboard.plugins;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.Channel;

/**
 * Loads channel plugins from the plugins folder with pf4j. Each extension is created in a child of an injector that
 * holds only what the server exports to plugins (HTTP transport, clock) plus a logger named after the plugin — never
 * the database, keys or other plugins. A plugin that fails to load or start is reported, not fatal.
 */
public final class PluginHost implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

  private final Path folder;
  private final Manager manager;
  private final List<PluginStatus> statuses = new ArrayList<>();
  private final Map<String, List<Channel>> channelsByPlugin = new LinkedHashMap<>();

  public PluginHost(Path folder, Injector exports, String apiVersion) {
    this.folder = folder;
    this.manager = new Manager(folder, exports);
    this.manager.setSystemVersion(apiVersion);
  }

  /** Loads and starts every plugin in the folder; returns their channels by plugin id. */
  public Map<String, List<Channel>> load() {
    if (!Files.isDirectory(folder)) {
      log.info("plugins folder {} does not exist; no channel plugins loaded", folder);
      return channelsByPlugin;
    }
    for (Path candidate : candidates()) {
      try {
        manager.loadPlugin(candidate);
      } catch (RuntimeException e) {
        String name = candidate.getFileName().toString();
        log.warn("plugin {} could not be loaded: {}", name, e.getMessage());
        statuses.add(new PluginStatus(name, "", "INVALID", List.of(), describe(e)));
      }
    }
    for (PluginWrapper plugin : manager.getPlugins()) {
      if (plugin.getPluginState() != PluginState.RESOLVED) {
        String problem = plugin.getPluginState() == PluginState.DISABLED
            ? "disabled: requires Switchboard API " + plugin.getDescriptor().getRequires()
            : plugin.getPluginState().toString();
        statuses.add(status(plugin, List.of(), problem));
        continue;
      }
      try {
        PluginState state = manager.startPlugin(plugin.getPluginId());
        if (state != PluginState.STARTED) {
          Throwable failure = plugin.getFailedException();
          statuses.add(status(plugin, List.of(), failure == null ? "did not start" : describe(failure)));
          continue;
        }
        List<Channel> channels = manager.getExtensions(Channel.class, plugin.getPluginId());
        if (channels.isEmpty()) {
          // pf4j logs and skips an extension class it cannot load; a plugin without a channel is broken.
          var listed = manager.getExtensionClassNames(plugin.getPluginId());
          String problem = listed.isEmpty() ? "no channel listed in META-INF/extensions.idx"
              : "no channel could be created from " + String.join(", ", listed) + " (class missing or not a channel)";
          log.warn("plugin {} brings no channel: {}", plugin.getPluginId(), problem);
          statuses.add(status(plugin, List.of(), problem));
          continue;
        }
        channelsByPlugin.put(plugin.getPluginId(), channels);
        statuses.add(status(plugin, channels.stream().map(c -> c.descriptor().type()).toList(), ""));
        log.info("plugin {} {} started with channel type(s) {}", plugin.getPluginId(),
            plugin.getDescriptor().getVersion(), channels.stream().map(c -> c.descriptor().type()).toList());
      } catch (RuntimeException | LinkageError e) {
        log.warn("plugin {} failed to start: {}", plugin.getPluginId(), e.toString());
        statuses.add(status(plugin, List.of(), describe(e)));
      }
    }
    return channelsByPlugin;
  }

  private List<Path> candidates() {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> {
        String name = p.getFileName().toString();
        return name.endsWith(".jar") || name.endsWith(".zip") || Files.isDirectory(p);
      }).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      log.warn("cannot list plugins folder {}: {}", folder, e.getMessage());
      return List.of();
    }
  }

  /** Every plugin found, loaded or not. */
  public List<PluginStatus> statuses() {
    return List.copyOf(statuses);
  }

  private static PluginStatus status(PluginWrapper plugin, List<String> types, String problem) {
    return new PluginStatus(plugin.getPluginId(), plugin.getDescriptor().getVersion(),
        plugin.getPluginState().toString(), types, problem);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  @Override
  public void close() {
    // pf4j 3.15's stopPlugins() trips over its own list (pf4j issue 656); unloading stops each plugin safely.
    try {
      manager.unloadPlugins();
    } catch (RuntimeException e) {
      log.debug("unloading plugins: {}", e.toString());
    }
  }

  private static final class Manager extends DefaultPluginManager {
    private final Injector exports;

    Manager(Path folder, Injector exports) {
      super(folder);
      this.exports = exports;
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
      // Called from the super constructor, before 'exports' is assigned: resolve it lazily.
      return new ExtensionFactory() {
        @Override
        public <T> T create(Class<T> extensionClass) {
          PluginWrapper owner = whichPlugin(extensionClass);
          String name = owner == null ? "builtin" : owner.getPluginId();
          Injector child = exports.createChildInjector(new AbstractModule() {
            @Override
            protected void configure() {
              bind(Logger.class).toInstance(LoggerFactory.getLogger("plugin." + name));
            }
          });
          return child.getInstance(extensionClass);
        }
      };
    }
  }
}
