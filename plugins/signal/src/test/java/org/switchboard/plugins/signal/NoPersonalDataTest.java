package org.switchboard.plugins.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.plugins.signal.Fixtures.CHANNEL;
import static org.switchboard.plugins.signal.Fixtures.HOTLINE;
import static org.switchboard.plugins.signal.RecordingSink.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelException;
import org.switchboard.api.InboundEvent;
import org.switchboard.api.InboundEvent.InboundMessage;
import org.switchboard.api.InboundStream;
import org.switchboard.api.MediaRef;
import org.switchboard.api.OutboundMessage;
import org.switchboard.testkit.fakes.RecordingTransport;
import org.switchboard.testkit.signal.FakeSignalBridge;

/**
 * Runs every fixture through parsing, both receive loops, sends with every kind of failure, "Test connection",
 * media and linking, then checks that no log line and no {@code toString()} shows a message text, a phone number,
 * a UUID, a name or a file name from the fixtures.
 */
class NoPersonalDataTest {
  /** Generous: the suite shares two cores with everything else a CI run does. */
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** Every fixture message text starts with this. */
  private static final String TEXT_MARK = "fixture:";
  private static final List<String> PERSONAL = List.of(TEXT_MARK, "5550001001", "5550001000", "5550009999",
      "4912812812121", Fixtures.CONTACT_UUID, Fixtures.HIDDEN_UUID, "0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d",
      "6829c2ae-bb7b-4642-b2a7-fb0d502e188a", Fixtures.CONTACT_NAME, "Hidden Number Person", "private-letter.png",
      "skipped.jpg", "Fixture Group");
  private static final List<String> FIXTURES = List.of("ws-data-message.json", "ws-uuid-only-source.json",
      "ws-number-only-source.json", "ws-attachment.json", "ws-attachment-only.json", "ws-group-message.json",
      "ws-receipt-delivery.json", "ws-receipt-read.json", "ws-receipt-viewed.json", "ws-typing-started.json",
      "ws-sync-sent-message.json", "ws-error-frame.json", "ws-expiry-update.json", "ws-expiry-on-message.json",
      "ws-untrusted-identity.json", "ws-decrypt-error.json", "ws-reaction.json", "ws-other-account.json",
      "ws-edit-message.json", "ws-story.json");

  private final CapturingLogger log = new CapturingLogger();
  private final RecordingTransport transport = new RecordingTransport();
  private final SignalChannel channel = new SignalChannel(transport, Fixtures.CLOCK, log, Fixtures.FAST);
  private final List<String> rendered = new ArrayList<>();

  @Test
  void nothingPersonalReachesLogsOrToString() throws Exception {
    EnvelopeParser parser = new EnvelopeParser(new ObjectMapper(), Fixtures.CLOCK);
    for (String fixture : FIXTURES) {
      EnvelopeParser.Frame frame = parser.parseFrame(Fixtures.read(fixture), CHANNEL);
      rendered.add(frame.toString());
      frame.events().forEach(this::render);
    }
    parser.parseBatch(Fixtures.read("receive-normal-mode.json"), CHANNEL).forEach(f -> f.events()
        .forEach(this::render));

    List<InboundEvent> received = receiveOverWebsocket();
    assertThat(received).isNotEmpty();
    received.forEach(this::render);
    List<InboundEvent> polled = receiveByPolling();
    assertThat(polled).isNotEmpty();
    polled.forEach(this::render);
    sendAndCheck();

    assertThat(log.lines()).isNotEmpty();
    for (String line : log.lines()) {
      for (String personal : PERSONAL) {
        assertThat(line).as("log line").doesNotContain(personal);
      }
    }
    for (String text : rendered) {
      for (String personal : PERSONAL) {
        assertThat(text).as("toString()").doesNotContain(personal);
      }
    }
  }

  private void render(InboundEvent event) {
    String text = event.toString();
    if (event instanceof InboundMessage message) {
      // core/api's InboundMessage.toString() prints providerMessageId, which for Signal is "<sender uuid>:<ts>"
      // (the dedupe key): a contract issue reported upstream. Everything else in it must be clean.
      assertThat(message.providerMessageId()).endsWith(":" + message.sentAt().toEpochMilli());
      text = text.replace(message.providerMessageId(), "<id>");
      message.media().forEach(m -> rendered.add(m.toString()));
    }
    rendered.add(text);
  }

  private List<InboundEvent> receiveOverWebsocket() {
    RecordingSink sink = new RecordingSink();
    try (FakeSignalBridge bridge = new FakeSignalBridge().addAccount(HOTLINE).start()) {
      InboundStream.Subscription subscription = channel.stream().orElseThrow()
          .open(Fixtures.config(bridge.baseUrl()), CHANNEL, sink);
      try {
        assertThat(bridge.awaitWebSockets(HOTLINE, 1, WAIT)).isTrue();
        for (String fixture : FIXTURES) {
          if (fixture.equals("ws-error-frame.json")) {
            bridge.pushToAll(Fixtures.read(fixture));
          } else {
            bridge.deliver(Fixtures.read(fixture));
          }
        }
        bridge.pushToAll(Fixtures.read("malformed.txt"));
        assertThat(await(() -> sink.events().size() == 20, WAIT)).isTrue();
        bridge.dropWebSockets();
        assertThat(bridge.awaitWebSockets(HOTLINE, 1, WAIT)).isTrue();
        bridge.removeAccount(HOTLINE).dropWebSockets();
        assertThat(await(() -> log.all().contains("does not list"), WAIT)).isTrue();
      } finally {
        subscription.close();
      }
      sink.healths().forEach(h -> rendered.add(h.toString()));
      return sink.events();
    }
  }

  private List<InboundEvent> receiveByPolling() {
    RecordingSink sink = new RecordingSink().failWith(new IllegalStateException("fixture: " + HOTLINE));
    try (FakeSignalBridge bridge = new FakeSignalBridge(FakeSignalBridge.Mode.NORMAL).addAccount(HOTLINE)
        .maxPollWait(Duration.ofMillis(50)).start()) {
      bridge.deliver(Fixtures.read("ws-data-message.json"));
      InboundStream.Subscription subscription = channel.stream().orElseThrow()
          .open(Fixtures.config(bridge.baseUrl(), "polling"), CHANNEL, sink);
      try {
        assertThat(await(() -> log.all().contains("dropped"), WAIT)).isTrue();
        bridge.removeAccount(HOTLINE);
        assertThat(await(() -> sink.lastHealth().equals(HealthReporter.NOT_REGISTERED), WAIT))
            .isTrue();
      } finally {
        subscription.close();
      }
      sink.healths().forEach(h -> rendered.add(h.toString()));
      return sink.events();
    }
  }

  private void sendAndCheck() {
    try (FakeSignalBridge bridge = new FakeSignalBridge().addAccount(HOTLINE).start()) {
      var config = Fixtures.config(bridge.baseUrl());
      Address from = new Address(Address.SIGNAL, HOTLINE);
      Address to = new Address(Address.SIGNAL, Fixtures.CONTACT_UUID);
      bridge.failNextSendWith(400, Fixtures.read("send-error-400-other.json"))
          .failNextSendWith(400, Fixtures.read("send-error-400-untrusted-legacy.json"))
          .failNextSendWith(400, Fixtures.read("send-error-400-not-registered.json"))
          .failNextSendWith(500, Fixtures.read("send-error-500.json"))
          .failNextSendForRecipient("UNREGISTERED_FAILURE")
          .rateLimitNextSend("ae19341a-839a-4b9a-9019-863775ae2630");
      for (int i = 0; i < 7; i++) {
        OutboundMessage message = new OutboundMessage("out-" + i, from, to, TEXT_MARK + " reply " + i, List.of(),
            Optional.empty(), Optional.empty(), Optional.of(Fixtures.CONTACT_UUID + ":1785492000000"));
        rendered.add(message.toString());
        rendered.add(channel.send(message, config).toString());
      }
      rendered.add(channel.check(config).toString());
      bridge.removeAccount(HOTLINE);
      rendered.add(channel.check(config).toString());
      rendered.add(channel.fetchMedia(new MediaRef("gone.png", Optional.of("image/png"),
          Optional.of("private-letter.png")), config, 1000).toString());
      bridge.stop();
      rendered.add(channel.send(OutboundMessage.text("out-x", from, to, TEXT_MARK + " down"), config).toString());
      rendered.add(channel.check(config).toString());
      try {
        channel.numbers().orElseThrow().list(config);
      } catch (ChannelException e) {
        rendered.add(e.getMessage());
      }
    }
  }
}
