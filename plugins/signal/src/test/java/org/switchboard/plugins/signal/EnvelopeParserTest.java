package org.switchboard.plugins.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.plugins.signal.Fixtures.CHANNEL;
import static org.switchboard.plugins.signal.Fixtures.CONTACT_NUMBER;
import static org.switchboard.plugins.signal.Fixtures.CONTACT_UUID;
import static org.switchboard.plugins.signal.Fixtures.HIDDEN_UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.switchboard.api.Address;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.InboundEvent;
import org.switchboard.api.InboundEvent.ExpiryTimerChanged;
import org.switchboard.api.InboundEvent.IdentityChanged;
import org.switchboard.api.InboundEvent.InboundMessage;
import org.switchboard.api.InboundEvent.StatusUpdate;
import org.switchboard.api.MediaRef;
import org.switchboard.plugins.signal.EnvelopeParser.Frame;
import org.switchboard.plugins.signal.EnvelopeParser.Kind;

/** The envelope table: each payload file under {@code src/test/resources/signal/}, what it is, and its events. */
class EnvelopeParserTest {
  private static final Address CONTACT = new Address(Address.SIGNAL, CONTACT_UUID);
  private final EnvelopeParser parser = new EnvelopeParser(new ObjectMapper(), Fixtures.CLOCK);

  static Stream<Arguments> table() {
    return Stream.of(
        row("data message", "ws-data-message.json", Kind.MESSAGE, events -> {
          assertThat(events).hasSize(2);
          assertThat(events.get(0)).isEqualTo(new ExpiryTimerChanged(CONTACT, Duration.ZERO,
              Instant.ofEpochMilli(1785492000000L)));
          InboundMessage m = (InboundMessage) events.get(1);
          assertThat(m.providerMessageId()).isEqualTo(CONTACT_UUID + ":1785492000000");
          assertThat(m.from()).isEqualTo(CONTACT);
          assertThat(m.to()).isEqualTo(CHANNEL);
          assertThat(m.senderName()).contains("Fixture Contact");
          assertThat(m.text()).isEqualTo("fixture: I need to talk to someone tonight");
          assertThat(m.media()).isEmpty();
          assertThat(m.quote()).isEmpty();
          assertThat(m.sentAt()).isEqualTo(Instant.ofEpochMilli(1785492000000L));
        }),
        row("uuid-only source (number hidden)", "ws-uuid-only-source.json", Kind.MESSAGE, events -> {
          InboundMessage m = message(events);
          assertThat(m.from()).isEqualTo(new Address(Address.SIGNAL, HIDDEN_UUID));
          assertThat(m.providerMessageId()).isEqualTo(HIDDEN_UUID + ":1785492100000");
        }),
        row("number-only source (no uuid)", "ws-number-only-source.json", Kind.MESSAGE, events -> {
          InboundMessage m = message(events);
          assertThat(m.from()).isEqualTo(new Address(Address.SIGNAL, CONTACT_NUMBER));
          assertThat(m.senderName()).isEmpty();
        }),
        row("attachment with quote", "ws-attachment.json", Kind.MESSAGE, events -> {
          InboundMessage m = message(events);
          assertThat(m.text()).isEqualTo("fixture: here is the photo");
          assertThat(m.media()).containsExactly(new MediaRef("fixture-attachment.png", Optional.of("image/png"),
              Optional.of("private-letter.png")));
          assertThat(m.quote()).contains("fixture: can you send a photo of the letter?");
        }),
        row("attachments without text; one without id is skipped", "ws-attachment-only.json", Kind.MESSAGE,
            events -> {
              InboundMessage m = message(events);
              assertThat(m.text()).isEmpty();
              assertThat(m.media()).containsExactly(MediaRef.of("voice-note-1.aac", "audio/aac"));
            }),
        row("group message is ignored", "ws-group-message.json", Kind.GROUP_IGNORED, events ->
            assertThat(events).isEmpty()),
        row("delivery receipt: one status per timestamp", "ws-receipt-delivery.json", Kind.RECEIPT, events ->
            assertThat(events).containsExactly(
                StatusUpdate.of("1785491000000", DeliveryStatus.DELIVERED, Instant.ofEpochMilli(1785492500000L)),
                StatusUpdate.of("1785491000001", DeliveryStatus.DELIVERED, Instant.ofEpochMilli(1785492500000L)))),
        row("read receipt", "ws-receipt-read.json", Kind.RECEIPT, events ->
            assertThat(events).containsExactly(
                StatusUpdate.of("1785491000000", DeliveryStatus.READ, Instant.ofEpochMilli(1785492600000L)))),
        row("viewed receipt counts as read", "ws-receipt-viewed.json", Kind.RECEIPT, events ->
            assertThat(events).containsExactly(
                StatusUpdate.of("1785491000002", DeliveryStatus.READ, Instant.ofEpochMilli(1785492650000L)))),
        row("typing indicator is ignored", "ws-typing-started.json", Kind.TYPING_IGNORED, events ->
            assertThat(events).isEmpty()),
        row("sync of our own sent message is ignored", "ws-sync-sent-message.json", Kind.SYNC_IGNORED, events ->
            assertThat(events).isEmpty()),
        row("error frame", "ws-error-frame.json", Kind.BRIDGE_ERROR, events -> assertThat(events).isEmpty()),
        row("expiry timer update alone", "ws-expiry-update.json", Kind.EXPIRY, events ->
            assertThat(events).containsExactly(new ExpiryTimerChanged(CONTACT, Duration.ofDays(7),
                Instant.ofEpochMilli(1785492900000L)))),
        row("expiry timer on a message comes first", "ws-expiry-on-message.json", Kind.MESSAGE, events -> {
          assertThat(events).hasSize(2);
          assertThat(events.get(0)).isEqualTo(new ExpiryTimerChanged(CONTACT, Duration.ofDays(1),
              Instant.ofEpochMilli(1785493000000L)));
          assertThat(events.get(1)).isInstanceOf(InboundMessage.class);
        }),
        row("untrusted identity (safety number changed)", "ws-untrusted-identity.json", Kind.IDENTITY, events ->
            assertThat(events).containsExactly(new IdentityChanged(CONTACT, Instant.ofEpochMilli(1785493100000L)))),
        row("other decryption failure", "ws-decrypt-error.json", Kind.RECEIVE_ERROR, events ->
            assertThat(events).isEmpty()),
        row("reaction alone is ignored", "ws-reaction.json", Kind.OTHER_IGNORED, events ->
            assertThat(events).isEmpty()),
        row("story is ignored", "ws-story.json", Kind.OTHER_IGNORED, events -> assertThat(events).isEmpty()),
        row("another account's envelope is ignored", "ws-other-account.json", Kind.OTHER_ACCOUNT, events ->
            assertThat(events).isEmpty()),
        row("edit arrives as a message of its own", "ws-edit-message.json", Kind.MESSAGE, events -> {
          InboundMessage m = message(events);
          assertThat(m.providerMessageId()).isEqualTo(CONTACT_UUID + ":1785493400000");
          assertThat(m.text()).isEqualTo("fixture: corrected text");
        }),
        row("whole JSON-RPC line (RECEIVE_WEBHOOK_URL)", "webhook-jsonrpc-receive.json", Kind.MESSAGE, events ->
            assertThat(message(events).text()).isEqualTo("fixture: a whole json-rpc line")),
        row("not JSON", "malformed.txt", Kind.MALFORMED, events -> assertThat(events).isEmpty()));
  }

  private static Arguments row(String label, String file, Kind kind, Consumer<List<InboundEvent>> expect) {
    return Arguments.of(label, file, kind, expect);
  }

  private static InboundMessage message(List<InboundEvent> events) {
    List<InboundMessage> messages = events.stream().filter(InboundMessage.class::isInstance)
        .map(InboundMessage.class::cast).toList();
    assertThat(messages).hasSize(1);
    return messages.get(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void parsesFrame(String label, String file, Kind kind, Consumer<List<InboundEvent>> expect) {
    Frame frame = parser.parseFrame(Fixtures.read(file), CHANNEL);

    assertThat(frame.kind()).as(label).isEqualTo(kind);
    expect.accept(frame.events());
  }

  @Test
  void pollAnswerIsAnArrayOfFrames() throws IOException {
    List<Frame> frames = parser.parseBatch(Fixtures.read("receive-normal-mode.json"), CHANNEL);

    assertThat(frames).extracting(Frame::kind).containsExactly(Kind.RECEIPT, Kind.MESSAGE);
    assertThat(frames.get(0).events()).containsExactly(
        StatusUpdate.of("1785491000000", DeliveryStatus.DELIVERED, Instant.ofEpochMilli(1785493700000L)));
    assertThat(message(frames.get(1).events()).text()).isEqualTo("fixture: first polled message");
  }

  @Test
  void emptyPollAnswer() throws IOException {
    assertThat(parser.parseBatch(Fixtures.read("receive-normal-mode-empty.json"), CHANNEL)).isEmpty();
    assertThat(parser.parseBatch("", CHANNEL)).isEmpty();
  }

  @Test
  void pollAnswerThatIsNotAnArrayFails() {
    assertThatThrownBy(() -> parser.parseBatch("{\"error\":\"x\"}", CHANNEL)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> parser.parseBatch(Fixtures.read("malformed.txt"), CHANNEL))
        .isInstanceOf(IOException.class);
  }

  @Test
  void frameToStringCarriesNoContent() {
    Frame frame = parser.parseFrame(Fixtures.read("ws-data-message.json"), CHANNEL);

    assertThat(frame.toString()).isEqualTo("Frame[MESSAGE, 2 events]");
  }
}
