package org.switchboard.plugins.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.Channel;
import org.switchboard.api.Health;
import org.switchboard.testkit.conformance.PackagedPlugin;
import org.switchboard.testkit.signal.FakeSignalBridge;

/** The packaged JAR as the server will see it: pf4j manifest, extension index, shaded Jackson, and working. */
class SignalPluginJarIT {
  private final Path jar = PackagedPlugin.fromProperty("signal.plugin.jar");

  @Test
  void hasThePf4jManifestAndTheExtension() throws IOException {
    List<String> entries = PackagedPlugin.assertPackaged(jar, "signal",
        "org/switchboard/plugins/signal/shaded/jackson/", SignalChannel.class);
    assertThat(entries).as("test code and the fake bridge stay out")
        .noneMatch(name -> name.startsWith("org/switchboard/testkit/") || name.startsWith("org/eclipse/")
            || name.startsWith("signal/"));
  }

  @Test
  void pf4jLoadsTheChannelAndItWorks(@TempDir Path plugins) throws IOException {
    try (PackagedPlugin.Loaded loaded = PackagedPlugin.load(jar, plugins);
        FakeSignalBridge bridge = new FakeSignalBridge().addAccount(Fixtures.HOTLINE).start()) {
      List<Channel> channels = loaded.channels("signal");

      assertThat(channels).extracting(channel -> channel.descriptor().type()).containsExactly("signal");
      Channel channel = channels.get(0);
      assertThat(channel.getClass().getClassLoader()).isNotSameAs(SignalPluginJarIT.class.getClassLoader());
      // Parsing the bridge's JSON goes through the relocated Jackson inside the JAR.
      Health health = channel.check(Fixtures.config(bridge.baseUrl()));
      assertThat(health.isOk()).as(health.message()).isTrue();
    }
  }
}
