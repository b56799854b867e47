package org.switchboard.testkit.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.Channel;
import org.switchboard.channels.ChannelRegistry;
import org.switchboard.plugins.PluginStatus;
import org.switchboard.testkit.TestHttp;
import org.switchboard.testkit.TestSwitchboard;

/**
 * The plugin host with real plugin JARs, built in a temp folder by each test: loaded ones serve their channel type,
 * broken ones are reported without stopping the server, and a channel type claimed twice stops start-up.
 */
class PluginHostTest {
  @TempDir
  Path plugins;

  private TestSwitchboard server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
      server.deleteData();
    }
  }

  @Test
  void aPluginJarInThePluginsFolderServesItsChannelType() throws Exception {
    PluginJar.plugin("echo-plugin").channel("sbtest.echo.EchoChannel", "echo-test").writeTo(plugins);

    server = TestSwitchboard.builder().plugins(plugins).start();

    ChannelRegistry registry = server.get(ChannelRegistry.class);
    Channel echo = registry.find("echo-test").orElseThrow();
    assertThat(registry.origin("echo-test")).isEqualTo("plugin echo-plugin");
    assertThat(echo.getClass().getClassLoader()).as("loaded from the JAR, not the class path")
        .isNotSameAs(getClass().getClassLoader());
    assertThat(registry.plugins()).containsExactly(
        new PluginStatus("echo-plugin", "1.0.0", "STARTED", List.of("echo-test"), ""));

    JsonNode health = server.http().get("/healthz").json();
    assertThat(health.get("status").asText()).isEqualTo("ok");
    assertThat(health.get("plugins")).hasSize(1);
    assertThat(health.get("plugins").get(0).get("id").asText()).isEqualTo("echo-plugin");
    assertThat(health.get("plugins").get(0).get("state").asText()).isEqualTo("STARTED");

    TestSwitchboard.Org org = server.createOrg("Plugin Line");
    TestHttp api = server.http().withBearer(server.apiToken(org.ownerEmail()));
    assertThat(api.get("/api/v1/channels/types").json()).extracting(t -> t.get("type").asText())
        .contains("echo-test", "webchat");
    // The extension was built with what the server exports (transport, clock, logger): its check says so.
    TestHttp.Reply created = api.postJson("/api/v1/channels",
        Map.of("type", "echo-test", "settings", Map.of("account", "a1")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("state").asText()).isEqualTo("active");
    assertThat(created.json().get("stateDetail").asText()).isEqualTo("exports injected");
  }

  @Test
  void brokenPluginsAreReportedAndTheServerStartsWithTheRest() throws Exception {
    PluginJar.plugin("good-plugin").channel("sbtest.good.GoodChannel", "good-test").writeTo(plugins);
    PluginJar.plugin("no-id").manifest("Plugin-Id", null).channel("sbtest.noid.NoIdChannel", "noid-test")
        .writeTo(plugins);
    PluginJar.plugin("missing-class").missingExtension("sbtest.missing.GoneChannel").writeTo(plugins);
    PluginJar.plugin("throwing-plugin").throwingChannel("sbtest.throwing.ThrowingChannel", "throwing-test")
        .writeTo(plugins);

    server = TestSwitchboard.builder().plugins(plugins).start();

    ChannelRegistry registry = server.get(ChannelRegistry.class);
    assertThat(registry.find("good-test")).isPresent();
    assertThat(registry.find("noid-test")).isEmpty();
    assertThat(registry.find("throwing-test")).isEmpty();
    List<PluginStatus> statuses = registry.plugins();
    assertThat(statuses).filteredOn(s -> s.id().equals("good-plugin")).singleElement()
        .satisfies(s -> assertThat(s.failed()).isFalse());
    assertThat(statuses).filteredOn(s -> s.id().equals("no-id.jar")).singleElement().satisfies(s -> {
      assertThat(s.state()).isEqualTo("INVALID");
      assertThat(s.problem()).containsIgnoringCase("id");
    });
    assertThat(statuses).filteredOn(s -> s.id().equals("missing-class")).singleElement().satisfies(s -> {
      assertThat(s.failed()).as("a plugin whose extension class is missing is reported").isTrue();
      assertThat(s.problem()).contains("sbtest.missing.GoneChannel");
      assertThat(s.channelTypes()).isEmpty();
    });
    assertThat(statuses).filteredOn(s -> s.id().equals("throwing-plugin")).singleElement().satisfies(s -> {
      assertThat(s.failed()).isTrue();
      assertThat(s.problem()).contains("broken on purpose");
    });

    JsonNode health = server.http().get("/healthz").json();
    assertThat(health.get("status").asText()).isEqualTo("degraded");
    List<String> problems = new ArrayList<>();
    health.get("plugins").forEach(p -> problems.add(p.get("id").asText() + ": " + p.get("problem").asText()));
    assertThat(problems).hasSize(4).anyMatch(p -> p.startsWith("throwing-plugin: ") && p.contains("broken on purpose"))
        .anyMatch(p -> p.equals("good-plugin: "));
  }

  @Test
  void aPluginForAnotherApiVersionIsReportedDisabled() throws Exception {
    PluginJar.plugin("future-plugin").manifest("Plugin-Requires", ">=99.0.0")
        .channel("sbtest.future.FutureChannel", "future-test").writeTo(plugins);

    server = TestSwitchboard.builder().plugins(plugins).start();

    ChannelRegistry registry = server.get(ChannelRegistry.class);
    assertThat(registry.find("future-test")).isEmpty();
    assertThat(registry.plugins()).singleElement().satisfies(s -> {
      assertThat(s.id()).isEqualTo("future-plugin");
      assertThat(s.state()).isEqualTo("DISABLED");
      assertThat(s.problem()).isEqualTo("disabled: requires Switchboard API >=99.0.0");
    });
    assertThat(server.http().get("/healthz").json().get("plugins").get(0).get("state").asText())
        .isEqualTo("DISABLED");
  }

  @Test
  void twoPluginsClaimingOneChannelTypeStopStartUpNamingBoth() throws Exception {
    PluginJar.plugin("alpha-plugin").channel("sbtest.alpha.AlphaChannel", "twin-test").writeTo(plugins);
    PluginJar.plugin("beta-plugin").channel("sbtest.beta.BetaChannel", "twin-test").writeTo(plugins);

    assertThatThrownBy(() -> TestSwitchboard.builder().plugins(plugins).start())
        .hasStackTraceContaining("channel type 'twin-test' is provided twice")
        .hasStackTraceContaining("plugin alpha-plugin")
        .hasStackTraceContaining("plugin beta-plugin");
  }
}
