package org.switchboard.plugins.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.plugins.signal.Fixtures.HOTLINE;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelException;
import org.switchboard.api.FailureKind;
import org.switchboard.api.Health;
import org.switchboard.api.MediaFetch;
import org.switchboard.api.MediaRef;
import org.switchboard.api.ProviderNumber;
import org.switchboard.testkit.fakes.RecordingTransport;
import org.switchboard.testkit.signal.FakeSignalBridge;

/** "Test connection", media downloads, device linking and the number list, against the fake bridge. */
class BridgeAdminTest {
  private final FakeSignalBridge bridge = new FakeSignalBridge().addAccount(HOTLINE).version("0.94");
  private final RecordingTransport transport = new RecordingTransport();
  private final SignalChannel channel = new SignalChannel(transport, Fixtures.CLOCK, new CapturingLogger(),
      Fixtures.FAST);

  @BeforeEach
  void start() {
    bridge.start();
  }

  @AfterEach
  void stop() {
    bridge.stop();
  }

  private ChannelConfig config() {
    return Fixtures.config(bridge.baseUrl());
  }

  @Test
  void checkHealthyBridge() {
    Health health = channel.check(config());

    assertThat(health).isEqualTo(Health.ok("Signal bridge 0.94 reachable in json-rpc mode; 1 number registered"));
    assertThat(bridge.requests()).extracting(FakeSignalBridge.RecordedRequest::path)
        .containsExactly("/v1/health", "/v1/about", "/v1/accounts");
  }

  @Test
  void checkWithoutARegisteredNumber() {
    bridge.removeAccount(HOTLINE);

    Health health = channel.check(config());

    assertThat(health.state()).isEqualTo(Health.State.ERROR);
    assertThat(health.message()).contains("No Signal number");
    assertThat(health.action()).startsWith("Link or register the number");
  }

  @Test
  void checkWithTheBridgeDown() {
    bridge.stop();

    Health health = channel.check(config());

    assertThat(health.state()).isEqualTo(Health.State.ERROR);
    assertThat(health.message()).isEqualTo("Signal bridge unreachable at 127.0.0.1:" + bridge.port());
    assertThat(health.action()).isNotBlank();
  }

  @Test
  void checkWebsocketModeAgainstANormalModeBridge() {
    bridge.mode(FakeSignalBridge.Mode.NORMAL);

    Health health = channel.check(config());

    assertThat(health.state()).isEqualTo(Health.State.WARNING);
    assertThat(health.message()).contains("normal mode");
    assertThat(health.action()).contains("MODE=json-rpc");
  }

  @Test
  void checkPollingModeAgainstAJsonRpcBridge() {
    Health health = channel.check(Fixtures.config(bridge.baseUrl(), "polling"));

    assertThat(health.state()).isEqualTo(Health.State.WARNING);
    assertThat(health.message()).contains("json-rpc mode");
  }

  @Test
  void checkPollingAgainstANativeBridgeIsFine() {
    bridge.mode(FakeSignalBridge.Mode.NATIVE);

    assertThat(channel.check(Fixtures.config(bridge.baseUrl(), "polling")).isOk()).isTrue();
  }

  @Test
  void checkSomethingThatIsNotTheBridge() {
    Health health = channel.check(Fixtures.config(URI.create(bridge.baseUrl() + "/elsewhere")));

    assertThat(health.state()).isEqualTo(Health.State.ERROR);
    assertThat(health.message()).contains("does not answer like the signal-cli REST API");
  }

  @Test
  void checkBadSettings() {
    Health health = channel.check(ChannelConfig.of(Map.of(SignalSettings.BRIDGE_URL, "ftp://signal-cli"), Map.of(),
        URI.create("https://h/x")));

    assertThat(health.state()).isEqualTo(Health.State.ERROR);
    assertThat(health.message()).contains("bridgeUrl");
    assertThat(transport.calls()).isEmpty();
  }

  @Test
  void fetchMediaWithinTheCap() {
    byte[] data = new byte[2048];
    bridge.putAttachment("fixture-attachment.png", "image/png", data);

    MediaFetch fetch = channel.fetchMedia(new MediaRef("fixture-attachment.png", Optional.of("image/png"),
        Optional.of("private-letter.png")), config(), 4096);

    assertThat(fetch).isInstanceOfSatisfying(MediaFetch.Fetched.class, fetched -> {
      assertThat(fetched.data()).hasSize(2048);
      assertThat(fetched.contentType()).isEqualTo("image/png");
      assertThat(fetched.filename()).contains("private-letter.png");
    });
    assertThat(transport.calls().get(0).maxResponseBytes()).isEqualTo(4096);
  }

  @Test
  void fetchMediaOverTheCapFails() {
    bridge.putAttachment("big.bin", "application/octet-stream", new byte[5000]);

    MediaFetch fetch = channel.fetchMedia(MediaRef.of("big.bin", null), config(), 4096);

    assertThat(fetch).isInstanceOf(MediaFetch.Failed.class);
  }

  @Test
  void fetchMediaThatIsGone() {
    MediaFetch fetch = channel.fetchMedia(MediaRef.of("gone.png", "image/png"), config(), 4096);

    assertThat(fetch).isEqualTo(new MediaFetch.Failed(FailureKind.REJECTED,
        "the Signal bridge no longer has this attachment"));
  }

  @Test
  void fetchMediaRefusesPathTricks() {
    MediaFetch fetch = channel.fetchMedia(MediaRef.of("../../etc/passwd", null), config(), 4096);

    assertThat(fetch).isInstanceOfSatisfying(MediaFetch.Failed.class,
        failed -> assertThat(failed.kind()).isEqualTo(FailureKind.REJECTED));
    assertThat(transport.calls()).isEmpty();
  }

  @Test
  void linkCodeIsTheBridgesPng() throws Exception {
    byte[] png = channel.deviceLinking().orElseThrow().linkCodePng(config(), "Switchboard hotline");

    assertThat(png).isEqualTo(FakeSignalBridge.tinyPng());
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(1);
    assertThat(bridge.requests("GET", "/v1/qrcodelink").get(0).query())
        .isEqualTo("device_name=Switchboard+hotline");
    assertThat(channel.deviceLinking().orElseThrow().instructions()).contains("Linked devices");
  }

  @Test
  void linkCodeWithTheBridgeDown() {
    bridge.stop();

    assertThatThrownBy(() -> channel.deviceLinking().orElseThrow().linkCodePng(config(), "x"))
        .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION));
  }

  @Test
  void numbersAreTheBridgesAccounts() throws Exception {
    bridge.addAccount("+15550002000");

    List<ProviderNumber> numbers = channel.numbers().orElseThrow().list(config());

    assertThat(numbers).containsExactly(
        new ProviderNumber(HOTLINE, new Address(Address.SIGNAL, HOTLINE), "Signal", Set.of("signal"), Optional.empty()),
        new ProviderNumber("+15550002000", new Address(Address.SIGNAL, "+15550002000"), "Signal", Set.of("signal"),
            Optional.empty()));
    assertThat(channel.numbers().orElseThrow().setWebhook(config(), numbers.get(0), URI.create("https://h/hooks/t")))
        .isSameAs(numbers.get(0));
  }

  @Test
  void numbersWithTheBridgeDown() {
    bridge.stop();

    assertThatThrownBy(() -> channel.numbers().orElseThrow().list(config()))
        .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION));
  }
}
