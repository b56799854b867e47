package org.switchboard.plugins.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.plugins.meta.Fixtures.APP_ID;
import static org.switchboard.plugins.meta.Fixtures.APP_SECRET;
import static org.switchboard.plugins.meta.Fixtures.NOW;
import static org.switchboard.plugins.meta.Fixtures.PAGE;
import static org.switchboard.plugins.meta.Fixtures.TOKEN;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.FailureKind;
import org.switchboard.api.InboundEvent;
import org.switchboard.api.InboundEvent.InboundMessage;
import org.switchboard.api.InboundEvent.StatusUpdate;
import org.switchboard.api.InboundRequest;
import org.switchboard.api.InboundResult;
import org.switchboard.api.MediaRef;
import org.switchboard.api.OutboundMedia;
import org.switchboard.api.OutboundMessage;
import org.switchboard.api.ProviderNumber;
import org.switchboard.api.SendResult;
import org.switchboard.testkit.fakes.FakeProvider;
import org.switchboard.testkit.fakes.RecordingTransport;

/** Messenger and Instagram: table-driven webhooks, exact sends, and the Page's listing and subscription. */
class MessengerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String V = "/v25.0";
  private static final Address PAGE_LINE = new Address("messenger", PAGE);
  private static final Address PERSON = new Address("messenger", "7350000000000001");
  private static final Address IG_LINE = new Address("instagram", Fixtures.INSTAGRAM);
  private static final Address IG_PERSON = new Address("instagram", "1234567890123456");
  private static final Instant SENT = Instant.ofEpochMilli(1767261600000L);
  private static final Instant LATER = Instant.ofEpochMilli(1767261700000L);

  private FakeProvider fake;
  private MessengerChannel channel;
  private ChannelConfig config;

  @BeforeEach
  void start() {
    fake = Fixtures.fake().on("POST", V + "/" + PAGE + "/messages", Fixtures.reply(200, "ms-send-response.json"));
    channel = new MessengerChannel(new RecordingTransport(), Fixtures.CLOCK, new RecordingLogger(),
        Duration.ofSeconds(2), Duration.ofSeconds(2));
    config = Fixtures.messenger(fake.base());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  record Row(String label, String payload, String signature, int status, List<InboundEvent> events) {
    @Override
    public String toString() {
      return label;
    }
  }

  static InboundMessage message(String id, Address from, Address to, Instant at, String text, MediaRef... media) {
    return new InboundMessage(id, from, to, Optional.empty(), text, List.of(media), at, Optional.empty());
  }

  static Stream<Row> rows() {
    return Stream.of(
        new Row("missing signature", "ms-text.json", null, 403, List.of()),
        new Row("bad signature", "ms-text.json", "another-secret", 403, List.of()),
        new Row("Messenger text", "ms-text.json", APP_SECRET, 200, List.of(message(
            "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P", PERSON,
            PAGE_LINE, SENT, "Hello there, I need help"))),
        new Row("Messenger image and a link card", "ms-image.json", APP_SECRET, 200, List.of(message("m_image1",
            PERSON, PAGE_LINE, SENT, "[fallback: open Messenger to see it]", new MediaRef(
                "https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg?_nc_cat=1", Optional.of("image/jpeg"),
                Optional.empty())))),
        new Row("our own echo is skipped", "ms-echo.json", APP_SECRET, 200, List.of()),
        new Row("delivery names each message", "ms-delivery.json", APP_SECRET, 200, List.of(
            StatusUpdate.of("m_out1", DeliveryStatus.DELIVERED, LATER),
            StatusUpdate.of("m_out2", DeliveryStatus.DELIVERED, LATER))),
        new Row("a read watermark names no message", "ms-read-watermark.json", APP_SECRET, 200, List.of()),
        new Row("reaction", "ms-reaction.json", APP_SECRET, 200, List.of(message(
            "reaction:m_out1:react:1767261700000", PERSON, PAGE_LINE, LATER, "[reacted ❤ to an earlier message]"))),
        new Row("edit", "ms-edit.json", APP_SECRET, 200, List.of(message("m_in1:edit:1", PERSON, PAGE_LINE, LATER,
            "[edited an earlier message] Hello there, I need help urgently"))),
        new Row("button tap", "ms-postback.json", APP_SECRET, 200, List.of(message("m_postback1", PERSON,
            PAGE_LINE, LATER, "Talk to someone"))),
        new Row("Instagram text", "ig-text.json", APP_SECRET, 200, List.of(message(
            "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAx", IG_PERSON, IG_LINE, SENT,
            "Hello there, I need help"))),
        new Row("Instagram read", "ig-read.json", APP_SECRET, 200, List.of(
            StatusUpdate.of("aWdf_out1", DeliveryStatus.READ, LATER))),
        new Row("Instagram unsend", "ig-unsend.json", APP_SECRET, 200, List.of(message("aWdf_in1:deleted",
            IG_PERSON, IG_LINE, LATER, "[deleted an earlier message]"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void webhook(Row row) {
    byte[] body = Fixtures.text(row.payload()).getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> headers = row.signature() == null ? Map.of()
        : Map.of("X-Hub-Signature-256", List.of(Fixtures.sign(row.signature(), body)));

    InboundResult result = channel.receive(new InboundRequest("POST", Fixtures.WEBHOOK, headers, body, ""),
        config);

    if (row.status() == 200) {
      assertThat(((InboundResult.Accepted) result).events()).containsExactlyElementsOf(row.events());
    } else {
      assertThat(result).isInstanceOf(InboundResult.Rejected.class);
      assertThat(((InboundResult.Rejected) result).status()).isEqualTo(row.status());
    }
  }

  @Test
  void sendsTextAsAResponseWithThePageToken() throws Exception {
    SendResult result = channel.send(OutboundMessage.text("out-1", PAGE_LINE, PERSON, "We can help"), config);

    assertThat(result).isEqualTo(new SendResult.Accepted("m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_out", DeliveryStatus.SENT));
    FakeProvider.Recorded request = fake.only();
    assertThat(request.path()).isEqualTo(V + "/" + PAGE + "/messages");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(JSON.readTree(request.bodyText())).isEqualTo(JSON.readTree(
        "{\"recipient\":{\"id\":\"7350000000000001\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":"
            + "\"We can help\"}}"));
  }

  @Test
  void anAttachmentGoesByItsLinkThenTheText() throws Exception {
    OutboundMessage message = new OutboundMessage("out-1", IG_LINE, IG_PERSON, "Here is the form",
        List.of(new OutboundMedia("image/png", "form.png", new byte[] {1},
            URI.create("https://hotline.example.org/media/out/abc"))), Optional.empty(), Optional.empty(),
        Optional.empty());

    assertThat(channel.send(message, config)).isInstanceOf(SendResult.Accepted.class);

    List<FakeProvider.Recorded> sends = fake.requests("POST", V + "/" + PAGE + "/messages");
    assertThat(JSON.readTree(sends.get(0).bodyText())).isEqualTo(JSON.readTree(
        "{\"recipient\":{\"id\":\"1234567890123456\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"attachment\":"
            + "{\"type\":\"image\",\"payload\":{\"url\":\"https://hotline.example.org/media/out/abc\","
            + "\"is_reusable\":false}}}}"));
    assertThat(JSON.readTree(sends.get(1).bodyText()).get("message").get("text").asText())
        .isEqualTo("Here is the form");
  }

  @Test
  void outsideThe24HourWindowNothingIsSentAndMetasWindowErrorSaysSo() {
    SendResult late = channel.send(OutboundMessage.text("out-1", PAGE_LINE, PERSON, "Hello?")
        .withLastInboundAt(NOW.minus(Duration.ofDays(2))), config);
    assertThat(late).isEqualTo(SendResult.failed(FailureKind.REJECTED,
        "the 24-hour messaging window has closed — the person must write first"));
    assertThat(fake.requests()).isEmpty();

    fake.on("POST", V + "/" + PAGE + "/messages", Fixtures.reply(400, "ms-error-window.json"));
    SendResult.Failed refused = (SendResult.Failed) channel.send(OutboundMessage.text("out-2", PAGE_LINE, PERSON,
        "Hello?"), config);
    assertThat(refused.kind()).isEqualTo(FailureKind.REJECTED);
    assertThat(refused.providerCode()).contains("10");
    assertThat(refused.reason()).contains("24-hour messaging window has closed");
  }

  @Test
  void listsThePageAndItsInstagramAccountAndSubscribesTheAppWebhook() throws Exception {
    fake.on("GET", V + "/" + PAGE, Fixtures.reply(200, "ms-page.json"))
        .on("GET", V + "/" + APP_ID + "/subscriptions", Fixtures.reply(200, "ms-subscriptions.json"))
        .on("POST", V + "/" + APP_ID + "/subscriptions", FakeProvider.json(200, "{\"success\":true}"))
        .on("POST", V + "/" + PAGE + "/subscribed_apps", FakeProvider.json(200, "{\"success\":true}"));

    List<ProviderNumber> numbers = channel.numbers().orElseThrow().list(config);

    assertThat(numbers).containsExactly(
        new ProviderNumber(PAGE, PAGE_LINE, "Tenants Line", Set.of("messenger"), Optional.of(Fixtures.WEBHOOK)),
        new ProviderNumber(Fixtures.INSTAGRAM, IG_LINE, "@tenantsline", Set.of("instagram"), Optional.empty()));
    assertThat(fake.requests("GET", V + "/" + APP_ID + "/subscriptions").get(0).header("Authorization"))
        .isEqualTo("Bearer " + APP_ID + "|" + APP_SECRET);

    channel.numbers().orElseThrow().setWebhook(config, numbers.get(1), Fixtures.WEBHOOK);

    FakeProvider.Recorded subscribe = fake.requests("POST", V + "/" + APP_ID + "/subscriptions").get(0);
    assertThat(subscribe.header("Authorization")).isEqualTo("Bearer " + APP_ID + "|" + APP_SECRET);
    assertThat(subscribe.form()).isEqualTo(Map.of(
        "object", List.of("instagram"),
        "callback_url", List.of(Fixtures.WEBHOOK.toString()),
        "verify_token", List.of(Fixtures.VERIFY),
        "fields", List.of("messages,messaging_postbacks,messaging_seen,message_reactions"),
        "include_values", List.of("true")));
    FakeProvider.Recorded page = fake.requests("POST", V + "/" + PAGE + "/subscribed_apps").get(0);
    assertThat(page.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(page.formField("subscribed_fields")).isEqualTo(
        "messages,messaging_postbacks,message_deliveries,message_reads,message_reactions,message_edits");
  }
}
