package org.switchboard.plugins.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.Channel;
import org.switchboard.testkit.conformance.PackagedPlugin;

/** The packaged JAR as the server will see it: pf4j manifest, extension index, shaded Jackson, and loadable. */
class TwilioPluginJarIT {
  private final Path jar = PackagedPlugin.fromProperty("twilio.plugin.jar");

  @Test
  void hasThePf4jManifestAndBothExtensions() throws IOException {
    PackagedPlugin.assertPackaged(jar, "twilio", "org/switchboard/plugins/twilio/shaded/jackson/",
        TwilioChannel.class, SignalWireChannel.class);
  }

  @Test
  void pf4jLoadsBothChannels(@TempDir Path plugins) throws IOException {
    try (PackagedPlugin.Loaded loaded = PackagedPlugin.load(jar, plugins)) {
      List<Channel> channels = loaded.channels("twilio");

      assertThat(channels).extracting(channel -> channel.descriptor().type())
          .containsExactlyInAnyOrder("twilio", "signalwire");
      assertThat(channels).allSatisfy(channel -> assertThat(channel.getClass().getClassLoader())
          .isNotSameAs(TwilioPluginJarIT.class.getClassLoader()));
    }
  }
}
