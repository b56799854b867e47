package org.switchboard.plugins.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.plugins.meta.Fixtures.APP_SECRET;
import static org.switchboard.plugins.meta.Fixtures.NOW;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.switchboard.api.Address;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.InboundEvent;
import org.switchboard.api.InboundEvent.InboundMessage;
import org.switchboard.api.InboundEvent.StatusUpdate;
import org.switchboard.api.InboundRequest;
import org.switchboard.api.InboundResult;
import org.switchboard.api.MediaRef;
import org.switchboard.testkit.fakes.RecordingTransport;

/**
 * WhatsApp Cloud API webhooks, table-driven: each row is a payload file under {@code src/test/resources/meta/}, how
 * it is signed, and what the channel must make of it; the handshake rows are {@code GET}s.
 */
class WhatsAppWebhookTest {
  private static final Address PERSON = Address.whatsapp("+15550100100");
  private static final Address HOTLINE = Address.whatsapp("+15550100199");
  private static final Instant SENT = Instant.ofEpochSecond(1767261600L);
  private static final Instant STATUS_AT = Instant.ofEpochSecond(1767261700L);
  private static final Optional<String> SAM = Optional.of("Sam Doe");

  /** How a row's request is signed. */
  enum Signing {
    /** {@code sha256=} HMAC of the exact body with the app secret. */
    VALID,
    /** No header at all. */
    MISSING,
    /** With another secret. */
    WRONG_KEY,
    /** Valid, then one byte of the body changed. */
    TAMPERED,
    /** The hex without the {@code sha256=} prefix. */
    NO_PREFIX,
    /** An empty header. */
    EMPTY
  }

  record Row(String label, String payload, Signing signing, int status, String reason, List<InboundEvent> events) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Row accepted(String label, String payload, InboundEvent... events) {
    return new Row(label, payload, Signing.VALID, 200, "", List.of(events));
  }

  static Row rejected(String label, String payload, Signing signing, int status, String reason) {
    return new Row(label, payload, signing, status, reason, List.of());
  }

  static InboundMessage message(String id, String text, MediaRef... media) {
    return new InboundMessage(id, PERSON, HOTLINE, SAM, text, List.of(media), SENT, Optional.empty());
  }

  static StatusUpdate failed(String code, String detail, boolean retryable) {
    return new StatusUpdate("wamid.outbound1", DeliveryStatus.FAILED, Optional.of(code), Optional.of(detail),
        retryable, STATUS_AT);
  }

  static Stream<Row> rows() {
    return Stream.of(
        rejected("missing signature", "wa-text.json", Signing.MISSING, 403, "missing request signature"),
        rejected("bad signature", "wa-text.json", Signing.WRONG_KEY, 403, "invalid request signature"),
        rejected("tampered body", "wa-text.json", Signing.TAMPERED, 403, "invalid request signature"),
        rejected("signature without sha256= prefix", "wa-text.json", Signing.NO_PREFIX, 403,
            "invalid request signature"),
        rejected("empty signature", "wa-text.json", Signing.EMPTY, 403, "invalid request signature"),
        rejected("missing signature on a status", "wa-status-read.json", Signing.MISSING, 403,
            "missing request signature"),
        rejected("bad signature on a status", "wa-status-read.json", Signing.WRONG_KEY, 403,
            "invalid request signature"),
        rejected("signed, but not JSON", "wa-not-json.txt", Signing.VALID, 400, "body is not a JSON object"),
        accepted("text", "wa-text.json", message("wamid.HBgLMTU1NTAxMDAxMDAVAgASGBQzQTAwMDAwMDAwMDAwMDAwMDAwMQA=",
            "Hello there, I need help")),
        accepted("reply to one of our messages", "wa-reply-to.json", message("wamid.reply1", "Yes, tomorrow works")),
        accepted("batch: every message and status, the repeated id once", "wa-batch.json",
            message("wamid.batch1", "Hello there"), message("wamid.batch2", "I need help"),
            StatusUpdate.of("wamid.outbound1", DeliveryStatus.DELIVERED, STATUS_AT)),
        accepted("image with caption", "wa-image.json", message("wamid.image1", "The notice on my door",
            new MediaRef("1003383421387256", Optional.of("image/jpeg"), Optional.empty()))),
        accepted("document keeps its file name", "wa-document.json", message("wamid.doc1", "",
            new MediaRef("1003383421387257", Optional.of("application/pdf"), Optional.of("lease.pdf")))),
        accepted("voice note", "wa-voice.json", message("wamid.voice1", "",
            new MediaRef("1003383421387258", Optional.of("audio/ogg; codecs=opus"), Optional.empty()))),
        accepted("video", "wa-video.json", message("wamid.video1", "",
            new MediaRef("1003383421387259", Optional.of("video/mp4"), Optional.empty()))),
        accepted("sticker", "wa-sticker.json", message("wamid.sticker1", "",
            new MediaRef("1003383421387260", Optional.of("image/webp"), Optional.empty()))),
        accepted("location", "wa-location.json", message("wamid.location1",
            "[location] Community centre — 1 Main Street — 52.52, 13.405 "
                + "(https://www.openstreetmap.org/?mlat=52.52&mlon=13.405)")),
        accepted("shared contact", "wa-contacts.json", message("wamid.contacts1",
            "[shared contact] Alex Doe, +1 555 010 0177")),
        accepted("interactive button reply", "wa-button-reply.json", message("wamid.button1", "Yes, call me")),
        accepted("interactive list reply", "wa-list-reply.json",
            message("wamid.list1", "Housing — Rent, eviction, repairs")),
        accepted("template quick-reply button", "wa-template-button.json",
            message("wamid.tbutton1", "Stop reminders")),
        accepted("reaction", "wa-reaction.json", message("wamid.reaction1", "[reacted 👍 to an earlier message]")),
        accepted("unsupported type: a placeholder, never dropped", "wa-unsupported.json",
            message("wamid.unsupported1", "[unsupported message: open WhatsApp to see it] (Message type unknown)")),
        accepted("business-scoped user id only", "wa-bsuid.json", new InboundMessage("wamid.bsuid1",
            Address.whatsapp("US.13491208655302741918"), HOTLINE, SAM, "Hello there, I need help", List.of(), SENT,
            Optional.empty())),
        accepted("group message: not for a hotline", "wa-group.json"),
        accepted("status sent", "wa-status-sent.json", StatusUpdate.of("wamid.outbound1", DeliveryStatus.SENT,
            STATUS_AT)),
        accepted("status read", "wa-status-read.json", StatusUpdate.of("wamid.outbound1", DeliveryStatus.READ,
            STATUS_AT)),
        accepted("status failed 131047: window closed", "wa-status-failed-131047.json", failed("131047",
            "the 24-hour customer-service window has closed — send an approved template", false)),
        accepted("status failed 130429: throughput, worth retrying", "wa-status-failed-130429.json",
            failed("130429", "the number's Cloud API throughput was reached", true)),
        accepted("status deleted: nothing to record", "wa-status-deleted.json"),
        accepted("template status update: another field, nothing to store", "wa-template-status-update.json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void webhook(Row row) {
    RecordingTransport transport = new RecordingTransport();
    WhatsAppChannel channel = new WhatsAppChannel(transport, Fixtures.CLOCK, new RecordingLogger());
    byte[] body = Fixtures.text(row.payload()).getBytes(StandardCharsets.UTF_8);
    String signature = switch (row.signing()) {
      case VALID, TAMPERED -> Fixtures.sign(APP_SECRET, body);
      case WRONG_KEY -> Fixtures.sign("another-app-secret", body);
      case NO_PREFIX -> Fixtures.sign(APP_SECRET, body).substring("sha256=".length());
      case EMPTY -> "";
      case MISSING -> null;
    };
    if (row.signing() == Signing.TAMPERED) {
      body = new String(body, StandardCharsets.UTF_8).replace("I need help", "I need hel!")
          .getBytes(StandardCharsets.UTF_8);
    }
    InboundRequest request = new InboundRequest("POST", Fixtures.WEBHOOK,
        signature == null ? Map.of() : Map.of("X-Hub-Signature-256", List.of(signature)), body, "");

    InboundResult result = channel.receive(request, Fixtures.whatsApp());

    if (row.status() == 200) {
      assertThat(result).isInstanceOf(InboundResult.Accepted.class);
      InboundResult.Accepted accepted = (InboundResult.Accepted) result;
      assertThat(accepted.events()).containsExactlyElementsOf(row.events());
      assertThat(accepted.reply()).isEqualTo(InboundResult.Reply.EMPTY);
    } else {
      assertThat(result).isEqualTo(new InboundResult.Rejected(row.status(), row.reason()));
    }
    assertThat(transport.calls()).as("a webhook calls nothing").isEmpty();
  }

  record Handshake(String label, String query, int status, String body) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Stream<Handshake> handshakes() {
    String token = Fixtures.VERIFY;
    return Stream.of(
        new Handshake("the right token gets the challenge back",
            "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + token, 200, "1158201444"),
        new Handshake("a wrong token is refused",
            "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess", 403, "verify token does not match"),
        new Handshake("no token is refused", "hub.mode=subscribe&hub.challenge=1158201444", 403,
            "verify token does not match"),
        new Handshake("another mode is refused",
            "hub.mode=unsubscribe&hub.challenge=1158201444&hub.verify_token=" + token, 400,
            "not a webhook verification request"),
        new Handshake("a challenge that is not Meta's is not echoed",
            "hub.mode=subscribe&hub.challenge=%3Cscript%3E&hub.verify_token=" + token, 400,
            "not a webhook verification request"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("handshakes")
  void verificationHandshake(Handshake row) {
    WhatsAppChannel channel = new WhatsAppChannel(new RecordingTransport(), Fixtures.CLOCK, new RecordingLogger());
    InboundRequest request = new InboundRequest("GET", URI.create(Fixtures.WEBHOOK + "?" + row.query()), Map.of(),
        null, "");

    InboundResult result = channel.receive(request, Fixtures.whatsApp());

    if (row.status() == 200) {
      assertThat(result).isEqualTo(new InboundResult.Accepted(List.of(),
          new InboundResult.Reply(200, "text/plain", row.body())));
    } else {
      assertThat(result).isEqualTo(new InboundResult.Rejected(row.status(), row.body()));
    }
  }
}
