package org.switchboard.plugins.signal;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.ExtensionFactory;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginManager;
import org.slf4j.helpers.NOPLogger;
import org.switchboard.api.Channel;
import org.switchboard.api.Health;
import org.switchboard.api.HttpTransport;
import org.switchboard.testkit.fakes.RecordingTransport;
import org.switchboard.testkit.signal.FakeSignalBridge;

/** The packaged JAR as the server will see it: pf4j manifest, extension index, shaded Jackson, and working. */
class SignalPluginJarIT {
  private static Path jar() {
    String location = System.getProperty("signal.plugin.jar");
    assertThat(location).as("failsafe passes the packaged JAR's path").isNotBlank();
    return Path.of(location);
  }

  @Test
  void hasThePf4jManifestAndTheExtension() throws IOException {
    try (JarFile jar = new JarFile(jar().toFile())) {
      Attributes manifest = jar.getManifest().getMainAttributes();
      assertThat(manifest.getValue("Plugin-Id")).isEqualTo("signal");
      assertThat(manifest.getValue("Plugin-Version")).isNotBlank();
      assertThat(manifest.getValue("Plugin-Provider")).isEqualTo("Switchboard");
      assertThat(manifest.getValue("Plugin-Requires")).isNotBlank();

      JarEntry index = jar.getJarEntry("META-INF/extensions.idx");
      assertThat(index).isNotNull();
      try (InputStream in = jar.getInputStream(index)) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines())
            .contains(SignalChannel.class.getName());
      }

      List<String> entries = Collections.list(jar.entries()).stream().map(JarEntry::getName).toList();
      assertThat(entries).as("Jackson is relocated").noneMatch(name -> name.startsWith("com/fasterxml/"))
          .anyMatch(name -> name.startsWith("org/switchboard/plugins/signal/shaded/jackson/"));
      assertThat(entries).as("the API is provided by the server")
          .noneMatch(name -> name.startsWith("org/switchboard/api/"));
      assertThat(entries).as("test code and the fake bridge stay out")
          .noneMatch(name -> name.startsWith("org/switchboard/testkit/") || name.startsWith("org/eclipse/")
              || name.startsWith("signal/"));
    }
  }

  @Test
  void pf4jLoadsTheChannelAndItWorks(@TempDir Path plugins) throws IOException {
    Files.copy(jar(), plugins.resolve("switchboard-signal.jar"));
    PluginManager manager = new JarPluginManager(plugins) {
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
    try (FakeSignalBridge bridge = new FakeSignalBridge().addAccount(Fixtures.HOTLINE).start()) {
      manager.loadPlugins();
      manager.startPlugins();

      assertThat(manager.getPlugin("signal")).as("the plugin is loaded from the JAR").isNotNull();
      // The test classpath holds the same classes; ask for the plugin's own extensions only.
      List<Channel> channels = manager.getExtensions(Channel.class, "signal");

      assertThat(channels).extracting(channel -> channel.descriptor().type()).containsExactly("signal");
      Channel channel = channels.get(0);
      assertThat(channel.getClass().getClassLoader()).isNotSameAs(SignalPluginJarIT.class.getClassLoader());
      // Parsing the bridge's JSON goes through the relocated Jackson inside the JAR.
      Health health = channel.check(Fixtures.config(bridge.baseUrl()));
      assertThat(health.isOk()).as(health.message()).isTrue();
    } finally {
      manager.unloadPlugins();
    }
  }
}
