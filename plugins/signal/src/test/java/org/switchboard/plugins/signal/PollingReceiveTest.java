package org.switchboard.plugins.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.plugins.signal.Fixtures.CHANNEL;
import static org.switchboard.plugins.signal.Fixtures.HOTLINE;
import static org.switchboard.plugins.signal.RecordingSink.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.Health;
import org.switchboard.api.InboundEvent.InboundMessage;
import org.switchboard.api.InboundEvent.StatusUpdate;
import org.switchboard.api.InboundStream;
import org.switchboard.testkit.fakes.RecordingTransport;
import org.switchboard.testkit.signal.FakeSignalBridge;

/** The polling receive loop (normal/native mode) against the fake bridge. */
class PollingReceiveTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final FakeSignalBridge bridge = new FakeSignalBridge(FakeSignalBridge.Mode.NORMAL).addAccount(HOTLINE)
      .maxPollWait(Duration.ofMillis(100));
  private final RecordingTransport transport = new RecordingTransport();
  private final CapturingLogger log = new CapturingLogger();
  private final RecordingSink sink = new RecordingSink();
  private final SignalChannel channel = new SignalChannel(transport, Fixtures.CLOCK, log, Fixtures.FAST);
  private InboundStream.Subscription subscription;

  @AfterEach
  void stop() {
    if (subscription != null) {
      subscription.close();
    }
    bridge.stop();
  }

  private void open() {
    subscription = channel.stream().orElseThrow().open(Fixtures.config(bridge.baseUrl(), "polling"), CHANNEL, sink);
  }

  @Test
  void drainsTheQueueAndWaitsUntilTheEventsAreStoredBeforePollingAgain() {
    bridge.start();
    bridge.deliver(Fixtures.read("ws-receipt-delivery.json"));
    bridge.deliver(Fixtures.read("ws-data-message.json"));
    sink.hold();
    open();

    assertThat(await(() -> sink.batches().size() == 1, WAIT)).isTrue();
    // Both queued envelopes came in one poll and are handed over as one batch.
    assertThat(sink.events(StatusUpdate.class)).hasSize(2);
    assertThat(sink.events(InboundMessage.class)).hasSize(1);
    assertThat(bridge.queuedEnvelopes(HOTLINE)).isZero();
    int polls = bridge.receivePolls();
    assertThat(await(() -> bridge.receivePolls() > polls, Duration.ofMillis(400)))
        .as("no poll while the batch is not yet durable").isFalse();

    sink.completeAll();
    assertThat(await(() -> bridge.receivePolls() > polls, WAIT)).isTrue();
    bridge.deliver(Fixtures.read("ws-attachment.json"));
    assertThat(await(() -> sink.events(InboundMessage.class).size() == 2, WAIT)).isTrue();
    assertThat(sink.lastHealth()).isEqualTo(Health.ok("Receiving Signal messages from the bridge (polling)"));
    assertThat(bridge.requests("GET", "/v1/receive/+15550001000").get(0).query()).isEqualTo("timeout=1");
  }

  @Test
  void idlePollsArePacedAndCloseStopsThem() {
    bridge.start();
    open();

    assertThat(await(() -> bridge.receivePolls() >= 3, WAIT)).isTrue();
    subscription.close();
    int polls = bridge.receivePolls();
    await(() -> false, Duration.ofMillis(300));
    assertThat(bridge.receivePolls()).isEqualTo(polls);
    assertThat(sink.batches()).isEmpty();
    assertThat(sink.healths()).extracting(Health::state).containsExactly(Health.State.OK);
  }

  @Test
  void bridgeDownThenUp() {
    bridge.start();
    bridge.stop();
    open();

    assertThat(await(() -> sink.lastHealth() != null, WAIT)).isTrue();
    assertThat(sink.lastHealth()).isEqualTo(HealthReporter.UNREACHABLE);
    bridge.start();
    bridge.deliver(Fixtures.read("ws-data-message.json"));

    assertThat(await(() -> sink.events(InboundMessage.class).size() == 1, WAIT)).isTrue();
    assertThat(sink.healths()).extracting(Health::state).containsExactly(Health.State.WARNING, Health.State.OK);
  }

  @Test
  void unregisteredNumberIsAnError() {
    bridge.removeAccount(HOTLINE).start();
    open();

    assertThat(await(() -> sink.lastHealth() != null, WAIT)).isTrue();
    assertThat(sink.lastHealth()).isEqualTo(HealthReporter.NOT_REGISTERED);
    assertThat(log.all()).doesNotContain(HOTLINE);
  }

  @Test
  void bridgeInJsonRpcModeIsAModeMismatch() {
    bridge.mode(FakeSignalBridge.Mode.JSON_RPC).start();
    open();

    assertThat(await(() -> sink.lastHealth() != null, WAIT)).isTrue();
    assertThat(sink.lastHealth().state()).isEqualTo(Health.State.ERROR);
    assertThat(sink.lastHealth().message()).contains("json-rpc mode");
    assertThat(sink.lastHealth().action()).contains("websocket");
  }

  @Test
  void failedStoresAreRetriedThenDropped() {
    bridge.start();
    bridge.deliver(Fixtures.read("ws-data-message.json"));
    RecordingSink failing = new RecordingSink().failWith(new IllegalStateException("disk full"));
    subscription = channel.stream().orElseThrow().open(Fixtures.config(bridge.baseUrl(), "polling"), CHANNEL,
        failing);

    assertThat(await(() -> failing.batches().size() == 3, WAIT)).isTrue();
    assertThat(await(() -> log.all().contains("dropped 2 received event(s)"), WAIT)).isTrue();
    assertThat(log.all()).doesNotContain("disk full");
  }
}
