package org.switchboard.plugins.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.plugins.signal.Fixtures.CHANNEL;
import static org.switchboard.plugins.signal.Fixtures.HOTLINE;
import static org.switchboard.plugins.signal.RecordingSink.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.Health;
import org.switchboard.api.InboundEvent.IdentityChanged;
import org.switchboard.api.InboundEvent.InboundMessage;
import org.switchboard.api.InboundEvent.StatusUpdate;
import org.switchboard.api.InboundStream;
import org.switchboard.testkit.fakes.RecordingTransport;
import org.switchboard.testkit.signal.FakeSignalBridge;

/** The websocket receive loop (json-rpc mode) against the fake bridge: delivery, drops, reconnects, closing. */
class WebSocketReceiveTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final FakeSignalBridge bridge = new FakeSignalBridge(FakeSignalBridge.Mode.JSON_RPC).addAccount(HOTLINE);
  private final RecordingTransport transport = new RecordingTransport();
  private final CapturingLogger log = new CapturingLogger();
  private final RecordingSink sink = new RecordingSink();
  private final SignalChannel channel = new SignalChannel(transport, Fixtures.CLOCK, log, Fixtures.FAST);
  private InboundStream.Subscription subscription;

  @BeforeEach
  void start() {
    bridge.start();
  }

  @AfterEach
  void stop() {
    if (subscription != null) {
      subscription.close();
    }
    bridge.stop();
  }

  private void open() {
    subscription = channel.stream().orElseThrow().open(Fixtures.config(bridge.baseUrl()), CHANNEL, sink);
    assertThat(bridge.awaitWebSockets(HOTLINE, 1, WAIT)).as("websocket opened").isTrue();
    assertThat(await(() -> sink.lastHealth() != null && sink.lastHealth().isOk(), WAIT)).isTrue();
  }

  private boolean messageArrives(String text) {
    return await(() -> sink.events(InboundMessage.class).stream().anyMatch(m -> m.text().equals(text)), WAIT);
  }

  @Test
  void deliversFramesToTheSinkInOrder() {
    open();

    assertThat(bridge.deliver(Fixtures.read("ws-data-message.json"))).isEqualTo(1);
    bridge.deliver(Fixtures.read("ws-receipt-delivery.json"));
    bridge.deliver(Fixtures.read("ws-typing-started.json"));
    bridge.deliver(Fixtures.read("ws-untrusted-identity.json"));

    assertThat(await(() -> sink.events(IdentityChanged.class).size() == 1, WAIT)).isTrue();
    assertThat(sink.events(InboundMessage.class)).extracting(InboundMessage::text)
        .containsExactly("fixture: I need to talk to someone tonight");
    assertThat(sink.events(StatusUpdate.class)).extracting(StatusUpdate::providerMessageId)
        .containsExactly("1785491000000", "1785491000001");
    // One batch per frame that carried events, in arrival order; the typing frame carried none.
    assertThat(sink.batches()).hasSize(3);
    assertThat(transport.webSockets()).containsExactly(
        java.net.URI.create("ws://127.0.0.1:" + bridge.port() + "/v1/receive/+15550001000"));
  }

  @Test
  void errorFramesAndPingsKeepTheSocket() {
    open();
    int handshakes = bridge.webSocketHandshakes();

    assertThat(bridge.sendErrorFrame("signal-cli says something went wrong")).isEqualTo(1);
    assertThat(bridge.ping()).isEqualTo(1);
    assertThat(await(() -> bridge.pongs() >= 1, WAIT)).as("pong answered").isTrue();
    bridge.deliver(Fixtures.read("ws-data-message.json"));

    assertThat(messageArrives("fixture: I need to talk to someone tonight")).isTrue();
    assertThat(bridge.webSocketHandshakes()).isEqualTo(handshakes);
    assertThat(sink.healths()).containsExactly(sink.healths().get(0));
    assertThat(log.all()).contains("error frame");
  }

  @Test
  void reconnectsAfterADropAndReportsHealthOnlyOnChanges() {
    open();

    bridge.dropWebSockets();
    assertThat(await(() -> !sink.lastHealth().isOk(), WAIT)).as("drop reported").isTrue();
    assertThat(sink.lastHealth()).isEqualTo(HealthReporter.UNREACHABLE);
    assertThat(sink.lastHealth().state()).isEqualTo(Health.State.WARNING);
    assertThat(sink.lastHealth().action()).isNotBlank();

    assertThat(bridge.awaitWebSockets(HOTLINE, 1, WAIT)).as("reconnected").isTrue();
    assertThat(await(() -> sink.lastHealth().isOk(), WAIT)).isTrue();
    bridge.deliver(Fixtures.read("ws-data-message.json"));
    assertThat(messageArrives("fixture: I need to talk to someone tonight")).isTrue();

    assertThat(sink.healths()).extracting(Health::state)
        .containsExactly(Health.State.OK, Health.State.WARNING, Health.State.OK);
  }

  @Test
  void survivesTheBridgeDyingAndComingBack() {
    open();

    bridge.stop();
    assertThat(await(() -> sink.lastHealth().state() == Health.State.WARNING, WAIT)).isTrue();
    // While it is down, the loop keeps trying (bounded backoff, no report storm).
    assertThat(await(() -> transport.calls().size() > 4, WAIT)).isTrue();
    bridge.start();

    assertThat(bridge.awaitWebSockets(HOTLINE, 1, WAIT)).isTrue();
    assertThat(await(() -> sink.lastHealth().isOk(), WAIT)).isTrue();
    bridge.deliver(Fixtures.read("ws-expiry-on-message.json"));
    assertThat(messageArrives("fixture: this one disappears after a day")).isTrue();
    assertThat(sink.healths()).extracting(Health::state)
        .containsExactly(Health.State.OK, Health.State.WARNING, Health.State.OK);
  }

  @Test
  void closeStopsPromptlyAndForGood() {
    open();

    long started = System.nanoTime();
    subscription.close();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

    assertThat(await(() -> bridge.openWebSockets() == 0, WAIT)).isTrue();
    int handshakes = bridge.webSocketHandshakes();
    int calls = transport.calls().size();
    RecordingSink.await(() -> false, Duration.ofMillis(300));
    assertThat(bridge.webSocketHandshakes()).isEqualTo(handshakes);
    assertThat(transport.calls()).hasSize(calls);
    assertThat(bridge.deliver(Fixtures.read("ws-data-message.json"))).isZero();
    assertThat(sink.lastHealth().isOk()).as("closing is no outage").isTrue();
  }

  @Test
  void unregisteredNumberIsAnErrorUntilItIsLinked() {
    bridge.removeAccount(HOTLINE);
    subscription = channel.stream().orElseThrow().open(Fixtures.config(bridge.baseUrl()), CHANNEL, sink);

    assertThat(await(() -> sink.lastHealth() != null, WAIT)).isTrue();
    assertThat(sink.lastHealth()).isEqualTo(HealthReporter.NOT_REGISTERED);
    assertThat(sink.lastHealth().state()).isEqualTo(Health.State.ERROR);
    assertThat(sink.lastHealth().action()).containsIgnoringCase("link or register");
    assertThat(bridge.webSocketHandshakes()).isZero();

    bridge.addAccount(HOTLINE);
    assertThat(bridge.awaitWebSockets(HOTLINE, 1, WAIT)).isTrue();
    assertThat(await(() -> sink.lastHealth().isOk(), WAIT)).isTrue();
  }

  @Test
  void bridgeInNormalModeIsAModeMismatch() {
    bridge.mode(FakeSignalBridge.Mode.NORMAL);
    subscription = channel.stream().orElseThrow().open(Fixtures.config(bridge.baseUrl()), CHANNEL, sink);

    assertThat(await(() -> sink.lastHealth() != null, WAIT)).isTrue();
    assertThat(sink.lastHealth().state()).isEqualTo(Health.State.ERROR);
    assertThat(sink.lastHealth().message()).contains("normal mode");
    assertThat(sink.lastHealth().action()).contains("polling");
  }

  @Test
  void invalidSettingsReportAnErrorAndStartNothing() {
    subscription = channel.stream().orElseThrow().open(
        org.switchboard.api.ChannelConfig.of(java.util.Map.of(), java.util.Map.of(), java.net.URI.create("https://h/x")),
        CHANNEL, sink);

    assertThat(sink.healths()).hasSize(1);
    assertThat(sink.lastHealth().state()).isEqualTo(Health.State.ERROR);
    assertThat(sink.lastHealth().message()).contains("bridgeUrl");
    assertThat(transport.calls()).isEmpty();
  }

  @Test
  void backoffIsExponentialJitteredAndCapped() {
    ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 42);
    List<Duration> delays = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      delays.add(backoff.next());
    }

    assertThat(delays.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(delays.get(3)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
    assertThat(delays.subList(6, 12)).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(30),
        Duration.ofSeconds(60)));
    backoff.reset();
    assertThat(backoff.next()).isLessThanOrEqualTo(Duration.ofSeconds(1));
  }
}
