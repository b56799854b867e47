package org.switchboard.plugins.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.Channel;
import org.switchboard.testkit.conformance.PackagedPlugin;

/** The packaged JAR as the server will see it: pf4j manifest, extension index, shaded Jackson, and loadable. */
class MetaPluginJarIT {
  private final Path jar = PackagedPlugin.fromProperty("meta.plugin.jar");

  @Test
  void hasThePf4jManifestAndBothExtensions() throws IOException {
    List<String> entries = PackagedPlugin.assertPackaged(jar, "meta", "org/switchboard/plugins/meta/shaded/jackson/",
        WhatsAppChannel.class, MessengerChannel.class);
    assertThat(entries).as("test fakes stay out of the JAR").noneMatch(name -> name.contains("FakeGraphApi"));
  }

  @Test
  void pf4jLoadsBothChannels(@TempDir Path plugins) throws IOException {
    try (PackagedPlugin.Loaded loaded = PackagedPlugin.load(jar, plugins)) {
      List<Channel> channels = loaded.channels("meta");

      assertThat(channels).extracting(channel -> channel.descriptor().type())
          .containsExactlyInAnyOrder("whatsapp-cloud", "messenger");
      assertThat(channels).allSatisfy(channel -> assertThat(channel.getClass().getClassLoader())
          .isNotSameAs(MetaPluginJarIT.class.getClassLoader()));
      assertThat(channels).filteredOn(c -> c.descriptor().type().equals("whatsapp-cloud"))
          .allSatisfy(c -> assertThat(c.templates()).isPresent());
    }
  }
}
