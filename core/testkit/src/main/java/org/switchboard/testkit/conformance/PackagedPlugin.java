package org.switchboard.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.pf4j.ExtensionFactory;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginManager;
import org.slf4j.helpers.NOPLogger;
import org.switchboard.api.Channel;
import org.switchboard.api.HttpTransport;
import org.switchboard.testkit.fakes.RecordingTransport;

/**
 * Checks of a channel plugin's packaged JAR, as the server will see it: the pf4j manifest, the extension index,
 * relocated libraries, the API left out; and loading it with pf4j into its own class loader.
 *
 * <pre>{@code
 * Path jar = PackagedPlugin.fromProperty("twilio.plugin.jar");   // failsafe passes the path
 * PackagedPlugin.assertPackaged(jar, "twilio", "org/switchboard/plugins/twilio/shaded/", TwilioChannel.class);
 * try (PackagedPlugin.Loaded loaded = PackagedPlugin.load(jar, tempDir)) {
 *   List<Channel> channels = loaded.channels();
 * }
 * }</pre>
 */
public final class PackagedPlugin {
  private PackagedPlugin() {}

  /** The JAR's path from a system property the build sets. */
  public static Path fromProperty(String property) {
    String location = System.getProperty(property);
    assertThat(location).as("failsafe passes the packaged JAR's path in " + property).isNotBlank();
    return Path.of(location);
  }

  /** Asserts the packaging; returns the JAR's entry names for further checks. */
  public static List<String> assertPackaged(Path jarFile, String pluginId, String relocatedPrefix,
      Class<?>... extensions) throws IOException {
    try (JarFile jar = new JarFile(jarFile.toFile())) {
      Attributes manifest = jar.getManifest().getMainAttributes();
      assertThat(manifest.getValue("Plugin-Id")).isEqualTo(pluginId);
      assertThat(manifest.getValue("Plugin-Version")).isNotBlank();
      assertThat(manifest.getValue("Plugin-Provider")).isEqualTo("Switchboard");
      assertThat(manifest.getValue("Plugin-Requires")).isNotBlank();

      JarEntry index = jar.getJarEntry("META-INF/extensions.idx");
      assertThat(index).isNotNull();
      try (InputStream in = jar.getInputStream(index)) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines())
            .contains(java.util.Arrays.stream(extensions).map(Class::getName).toArray(String[]::new));
      }

      List<String> entries = Collections.list(jar.entries()).stream().map(JarEntry::getName).toList();
      assertThat(entries).as("Jackson is relocated").noneMatch(name -> name.startsWith("com/fasterxml/"))
          .anyMatch(name -> name.startsWith(relocatedPrefix));
      assertThat(entries).as("the API is provided by the server")
          .noneMatch(name -> name.startsWith("org/switchboard/api/"));
      return entries;
    }
  }

  /** Copies the JAR into {@code pluginsDir} and loads it as the server does. */
  public static Loaded load(Path jar, Path pluginsDir) throws IOException {
    Files.copy(jar, pluginsDir.resolve(jar.getFileName()));
    PluginManager manager = new JarPluginManager(pluginsDir) {
      @Override
      protected ExtensionFactory createExtensionFactory() {
        // What the server's Guice factory does: call the @Inject constructor with the exported services.
        return new ExtensionFactory() {
          @Override
          public <T> T create(Class<T> type) {
            try {
              return type.getConstructor(HttpTransport.class, Clock.class, org.slf4j.Logger.class)
                  .newInstance(new RecordingTransport(), Clock.systemUTC(), NOPLogger.NOP_LOGGER);
            } catch (ReflectiveOperationException e) {
              throw new IllegalStateException(e);
            }
          }
        };
      }
    };
    manager.loadPlugins();
    manager.startPlugins();
    return new Loaded(manager);
  }

  /** A loaded plugin; closing unloads it. */
  public static final class Loaded implements AutoCloseable {
    private final PluginManager manager;

    Loaded(PluginManager manager) {
      this.manager = manager;
    }

    public PluginManager manager() {
      return manager;
    }

    /** The plugin's own channels (the test class path holds the same classes; these come from the JAR). */
    public List<Channel> channels(String pluginId) {
      assertThat(manager.getPlugin(pluginId)).as("the plugin is loaded from the JAR").isNotNull();
      return manager.getExtensions(Channel.class, pluginId);
    }

    @Override
    public void close() {
      manager.unloadPlugins();
    }
  }
}
