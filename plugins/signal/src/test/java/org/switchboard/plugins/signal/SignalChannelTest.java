package org.switchboard.plugins.signal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.switchboard.api.ChannelDescriptor.Capability;
import org.switchboard.api.ConfigField;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.InboundRequest;
import org.switchboard.api.InboundResult;
import org.switchboard.testkit.fakes.RecordingTransport;

/** The extension's shape: descriptor, settings, limits, and the constructor the server injects. */
class SignalChannelTest {
  private final SignalChannel channel = new SignalChannel(new RecordingTransport(), Fixtures.CLOCK,
      new CapturingLogger());

  @Test
  void descriptor() {
    var descriptor = channel.descriptor();

    assertThat(descriptor.type()).isEqualTo("signal");
    assertThat(descriptor.displayName()).isEqualTo("Signal (signal-cli bridge)");
    assertThat(descriptor.capabilities()).containsExactlyInAnyOrder(Capability.STREAM, Capability.MEDIA,
        Capability.DELIVERY_STATUS, Capability.NUMBER_DIRECTORY);
    assertThat(descriptor.fields()).extracting(ConfigField::key)
        .containsExactly("bridgeUrl", "receiveMode", "pollIntervalSeconds");
    assertThat(descriptor.fields()).noneMatch(ConfigField::secret);
    assertThat(descriptor.fields().get(0).required()).isTrue();
    assertThat(descriptor.fields().get(1).defaultValue()).isEqualTo("websocket");
  }

  @Test
  void isAnExtensionWithOnlyTheServersExportsInjected() {
    assertThat(SignalChannel.class.isAnnotationPresent(Extension.class)).isTrue();
    List<Constructor<?>> injected = Arrays.stream(SignalChannel.class.getConstructors())
        .filter(c -> c.isAnnotationPresent(Inject.class)).toList();

    assertThat(injected).hasSize(1);
    assertThat(injected.get(0).getParameterTypes()).containsExactly(HttpTransport.class, Clock.class, Logger.class);
  }

  @Test
  void limits() {
    var limits = channel.limits(Fixtures.CHANNEL);

    assertThat(limits.maxTextLength()).isEqualTo(2000);
    assertThat(limits.maxMedia()).isEqualTo(10);
    assertThat(limits.maxMediaBytes()).isEqualTo(25L * 1024 * 1024);
    assertThat(limits.sendsPerSecond()).isEqualTo(1.0);
  }

  @Test
  void webhooksAreRefusedUnread() {
    InboundResult result = channel.receive(new InboundRequest("POST", URI.create("https://h/hooks/t"), Map.of(),
        "{}".getBytes(), ""), Fixtures.config(URI.create("http://127.0.0.1:1")));

    assertThat(result).isInstanceOfSatisfying(InboundResult.Rejected.class,
        rejected -> assertThat(rejected.status()).isEqualTo(404));
  }

  @Test
  void testsNeverLeaveLoopback() {
    RecordingTransport transport = new RecordingTransport();
    SignalChannel remote = new SignalChannel(transport, Fixtures.CLOCK, new CapturingLogger());

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> transport.send(
        org.switchboard.api.HttpCall.get(URI.create("http://192.0.2.10:8080/v1/health")).build()))
        .isInstanceOf(java.io.IOException.class);
    assertThat(remote.check(Fixtures.config(URI.create("http://192.0.2.10:8080"))).message())
        .isEqualTo("Signal bridge unreachable at 192.0.2.10:8080");
    assertThat(transport.calls()).isEmpty();
  }

  @Test
  void settings() {
    SignalSettings settings = SignalSettings.from(org.switchboard.api.ChannelConfig.of(Map.of(
        "bridgeUrl", "https://bridge.internal:8443/signal/", "receiveMode", "normal", "pollIntervalSeconds", "10"),
        Map.of(), URI.create("https://h/x")));

    assertThat(settings.receiveMode()).isEqualTo(ReceiveMode.POLLING);
    assertThat(settings.endpoint("/v1/about")).isEqualTo(URI.create("https://bridge.internal:8443/signal/v1/about"));
    assertThat(settings.webSocket("/v1/receive/+1555")).isEqualTo(
        URI.create("wss://bridge.internal:8443/signal/v1/receive/+1555"));
    assertThat(settings.pollInterval()).hasSeconds(10);
    assertThat(SignalSettings.segment("+15550001000")).isEqualTo("+15550001000");
    assertThat(SignalSettings.segment("a/b c")).isEqualTo("a%2Fb%20c");
  }

  @Test
  void extensionIndexIsGenerated() throws Exception {
    // Test compilation writes its own (empty) index too, so look at every copy on the class path.
    StringBuilder indexes = new StringBuilder();
    var urls = SignalChannel.class.getClassLoader().getResources("META-INF/extensions.idx");
    while (urls.hasMoreElements()) {
      try (var in = urls.nextElement().openStream()) {
        indexes.append(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    assertThat(indexes.toString()).contains(SignalChannel.class.getName());
  }
}
