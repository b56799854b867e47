package org.switchboard.plugins.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.plugins.meta.Fixtures.NOW;
import static org.switchboard.plugins.meta.Fixtures.PHONE_NUMBER_ID;
import static org.switchboard.plugins.meta.Fixtures.TOKEN;
import static org.switchboard.plugins.meta.Fixtures.WABA;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.switchboard.api.OutboundMedia;
import org.switchboard.api.OutboundMessage;
import org.switchboard.api.SendResult;
import org.switchboard.testkit.fakes.FakeProvider;
import org.switchboard.testkit.fakes.RecordingTransport;

/** Sends against a local fake Graph API: the exact request Meta receives, and how each answer is classified. */
class WhatsAppSendTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String V = "/v25.0";
  private static final String MESSAGES = V + "/" + PHONE_NUMBER_ID + "/messages";
  private static final String MEDIA = V + "/" + PHONE_NUMBER_ID + "/media";
  private static final String NUMBERS = V + "/" + WABA + "/phone_numbers";
  private static final String TEMPLATES = V + "/" + WABA + "/message_templates";
  private static final Address HOTLINE = Address.whatsapp("+15550100199");
  private static final Address PERSON = Address.whatsapp("+15550100100");
  private static final String TEXT = "Hello there, we can help";
  private static final String WAMID = "wamid.HBgLMTU1NTAxMDAxMDAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";

  private FakeProvider fake;
  private WhatsAppChannel channel;
  private ChannelConfig config;

  @BeforeEach
  void start() {
    fake = Fixtures.fake()
        .on("GET", NUMBERS, Fixtures.reply(200, "wa-phone-numbers.json"))
        .on("GET", TEMPLATES, Fixtures.reply(200, "wa-templates.json"))
        .on("POST", MESSAGES, Fixtures.reply(200, "wa-send-response.json"));
    channel = new WhatsAppChannel(new RecordingTransport(), Fixtures.CLOCK, new RecordingLogger(),
        Duration.ofSeconds(2), Duration.ofSeconds(2));
    config = Fixtures.whatsApp(fake.base());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<FakeProvider.Recorded> sends() {
    return fake.requests("POST", MESSAGES);
  }

  @Test
  void sendsTextToTheNumbersIdWithTheBearerToken() {
    SendResult result = channel.send(OutboundMessage.text("out-1", HOTLINE, PERSON, TEXT), config);

    assertThat(result).isEqualTo(new SendResult.Accepted(WAMID, DeliveryStatus.QUEUED));
    FakeProvider.Recorded listing = fake.requests("GET", NUMBERS).get(0);
    assertThat(listing.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    FakeProvider.Recorded send = sends().get(0);
    assertThat(send.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(send.header("Content-Type")).isEqualTo("application/json");
    assertThat(json(send.bodyText())).isEqualTo(json("""
        {"messaging_product":"whatsapp","recipient_type":"individual","to":"15550100100","type":"text",
         "text":{"body":"Hello there, we can help","preview_url":false}}"""));
  }

  @Test
  void theNumberListingIsCachedAcrossSends() {
    channel.send(OutboundMessage.text("out-1", HOTLINE, PERSON, TEXT), config);
    channel.send(OutboundMessage.text("out-2", HOTLINE, PERSON, TEXT), config);

    assertThat(fake.requests("GET", NUMBERS)).hasSize(1);
    assertThat(sends()).hasSize(2);
  }

  @Test
  void aNumberOutsideTheAccountIsAConfigurationError() {
    SendResult result = channel.send(OutboundMessage.text("out-1", Address.whatsapp("+15550100111"), PERSON, TEXT),
        config);

    assertThat(result).isEqualTo(SendResult.failed(FailureKind.CONFIG,
        "this number is not in the WhatsApp Business Account the connector uses"));
    assertThat(sends()).isEmpty();
  }

  @Test
  void aReplyQuotesThePersonsMessage() {
    channel.send(OutboundMessage.text("out-1", HOTLINE, PERSON, TEXT).withQuote("wamid.in1"), config);

    assertThat(json(sends().get(0).bodyText()).get("context")).isEqualTo(json("{\"message_id\":\"wamid.in1\"}"));
  }

  @Test
  void aBusinessScopedUserIsAddressedAsRecipient() {
    channel.send(OutboundMessage.text("out-1", HOTLINE, Address.whatsapp("US.13491208655302741918"), TEXT), config);

    JsonNode body = json(sends().get(0).bodyText());
    assertThat(body.has("to")).isFalse();
    assertThat(body.get("recipient").asText()).isEqualTo("US.13491208655302741918");
  }

  @Test
  void freeTextOutsideThe24HourWindowIsRefusedBeforeSending() {
    OutboundMessage late = OutboundMessage.text("out-1", HOTLINE, PERSON, TEXT)
        .withLastInboundAt(NOW.minus(Duration.ofHours(25)));

    SendResult result = channel.send(late, config);

    assertThat(result).isEqualTo(SendResult.failed(FailureKind.REJECTED,
        "the 24-hour customer-service window has closed — send an approved template"));
    assertThat(fake.requests()).as("nothing reached Meta").isEmpty();
  }

  @Test
  void freeTextInsideTheWindowIsSent() {
    OutboundMessage recent = OutboundMessage.text("out-1", HOTLINE, PERSON, TEXT)
        .withLastInboundAt(NOW.minus(Duration.ofHours(23)));

    assertThat(channel.send(recent, config)).isInstanceOf(SendResult.Accepted.class);
  }

  @Test
  void aTemplateIsSentOutsideTheWindowWithHeaderBodyAndButtonParameters() {
    OutboundMessage template = OutboundMessage.text("out-1", HOTLINE, PERSON, "")
        .withLastInboundAt(NOW.minus(Duration.ofDays(3)))
        .withTemplate(new OutboundMessage.Template("594425479261596", "", Map.of("header.1", "Sam",
            "body.1", "your repair request", "body.2", "0800 000 000", "button.1.1", "case-42")));

    SendResult result = channel.send(template, config);

    assertThat(result).isInstanceOf(SendResult.Accepted.class);
    assertThat(fake.requests("GET", TEMPLATES).get(0).header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(json(sends().get(0).bodyText())).isEqualTo(json("""
        {"messaging_product":"whatsapp","recipient_type":"individual","to":"15550100100","type":"template",
         "template":{"name":"follow_up","language":{"policy":"deterministic","code":"en_US"},"components":[
           {"type":"header","parameters":[{"type":"text","text":"Sam"}]},
           {"type":"body","parameters":[{"type":"text","text":"your repair request"},
                                        {"type":"text","text":"0800 000 000"}]},
           {"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"case-42"}]}]}}"""));
  }

  @Test
  void aTemplateWithNamedParametersCanBeChosenByNameAndLanguage() {
    OutboundMessage template = OutboundMessage.text("out-1", HOTLINE, PERSON, "")
        .withTemplate(new OutboundMessage.Template("check_in", "de", Map.of("body.first_name", "Sam")));

    channel.send(template, config);

    assertThat(json(sends().get(0).bodyText()).get("template")).isEqualTo(json("""
        {"name":"check_in","language":{"policy":"deterministic","code":"de"},"components":[
          {"type":"body","parameters":[{"type":"text","parameter_name":"first_name","text":"Sam"}]}]}"""));
  }

  @Test
  void aDocumentHeaderTakesItsLink() {
    OutboundMessage template = OutboundMessage.text("out-1", HOTLINE, PERSON, "").withTemplate(
        new OutboundMessage.Template("document_ready", "en_US", Map.of("header.media",
            "https://hotline.example.org/media/out/abc")));

    channel.send(template, config);

    assertThat(json(sends().get(0).bodyText()).get("template").get("components")).isEqualTo(json("""
        [{"type":"header","parameters":[{"type":"document",
          "document":{"link":"https://hotline.example.org/media/out/abc"}}]}]"""));
  }

  static Stream<Object[]> refusedTemplates() {
    return Stream.of(
        new Object[] {"594425479261596", Map.of("header.1", "Sam", "body.1", "x", "button.1.1", "y"),
            "template variable body.2 is not filled"},
        new Object[] {"594425479261596", Map.of("header.1", "Sam", "body.1", "x", "body.2", " ", "button.1.1", "y"),
            "template variable body.2 is not filled"},
        new Object[] {"594425479261596", Map.of("header.1", "Sam", "body.1", "x", "body.2", "y", "button.1.1", "z",
            "body.3", "extra"), "template follow_up has no variable body.3"},
        new Object[] {"594425479261598", Map.of(), "template new_offer is not approved (rejected)"},
        new Object[] {"no_such_template", Map.of(), "no template with this name or id in the WhatsApp account"});
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("refusedTemplates")
  void templateSendsAreRefusedByNameBeforeReachingMeta(String id, Map<String, String> variables, String reason) {
    OutboundMessage template = OutboundMessage.text("out-1", HOTLINE, PERSON, "")
        .withTemplate(new OutboundMessage.Template(id, "", variables));

    assertThat(channel.send(template, config)).isEqualTo(SendResult.failed(FailureKind.REJECTED, reason));
    assertThat(sends()).isEmpty();
  }

  @Test
  void anImageIsUploadedThenSentByIdWithItsCaption() {
    fake.on("POST", MEDIA, FakeProvider.json(200, "{\"id\":\"1166846181421424\"}"));
    byte[] photo = "PHOTO-BYTES".getBytes(StandardCharsets.UTF_8);
    OutboundMessage message = new OutboundMessage("out-1", HOTLINE, PERSON, "The form to fill in",
        List.of(new OutboundMedia("image/jpeg", "form.jpg", photo, URI.create("https://hotline.example.org/m/1"))),
        Optional.empty(), Optional.empty(), Optional.empty());

    assertThat(channel.send(message, config)).isInstanceOf(SendResult.Accepted.class);

    FakeProvider.Recorded upload = fake.requests("POST", MEDIA).get(0);
    assertThat(upload.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    String contentType = upload.header("Content-Type");
    assertThat(contentType).startsWith("multipart/form-data; boundary=");
    String boundary = contentType.substring(contentType.indexOf('=') + 1);
    assertThat(upload.bodyText()).isEqualTo("--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"messaging_product\"\r\n\r\nwhatsapp\r\n"
        + "--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"type\"\r\n\r\nimage/jpeg\r\n"
        + "--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"form.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
        + "PHOTO-BYTES\r\n"
        + "--" + boundary + "--\r\n");
    assertThat(json(sends().get(0).bodyText())).isEqualTo(json("""
        {"messaging_product":"whatsapp","recipient_type":"individual","to":"15550100100","type":"image",
         "image":{"id":"1166846181421424","caption":"The form to fill in"}}"""));
  }

  @Test
  void audioTakesNoCaptionSoTheTextFollowsAndItsIdIsTracked() {
    fake.on("POST", MEDIA, FakeProvider.json(200, "{\"id\":\"1166846181421425\"}"));
    OutboundMessage message = new OutboundMessage("out-1", HOTLINE, PERSON, "Listen to this",
        List.of(new OutboundMedia("audio/ogg", "note.ogg", new byte[] {1, 2},
            URI.create("https://hotline.example.org/m/2"))), Optional.empty(), Optional.empty(), Optional.empty());

    assertThat(channel.send(message, config)).isInstanceOf(SendResult.Accepted.class);

    assertThat(sends()).extracting(r -> json(r.bodyText()).get("type").asText()).containsExactly("audio", "text");
    assertThat(json(sends().get(0).bodyText()).get("audio")).isEqualTo(json("{\"id\":\"1166846181421425\"}"));
  }

  static Stream<Object[]> errors() {
    return Stream.of(
        new Object[] {400, "wa-error-131047.json", FailureKind.REJECTED, "131047",
            "Meta error 131047: the 24-hour customer-service window has closed — send an approved template"},
        new Object[] {400, "wa-error-131026.json", FailureKind.REJECTED, "131026",
            "Meta error 131026: the message could not be delivered: the person may not use WhatsApp or must accept "
                + "new terms"},
        new Object[] {429, "wa-error-130429.json", FailureKind.THROTTLED, "130429",
            "Meta error 130429: the number's Cloud API throughput was reached"},
        new Object[] {400, "wa-error-80007.json", FailureKind.THROTTLED, "80007",
            "Meta error 80007: the WhatsApp Business Account hit its rate limit"},
        new Object[] {401, "wa-error-190.json", FailureKind.CONFIG, "190",
            "Meta error 190: the access token has expired or was revoked: create a new token and save it in the "
                + "connector"},
        new Object[] {403, "wa-error-368.json", FailureKind.REJECTED, "368",
            "Meta error 368: Meta blocked the account for a policy violation"},
        new Object[] {400, "wa-error-100-recipient.json", FailureKind.REJECTED, "100",
            "Meta error 100: Meta refused a parameter of the request"});
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("errors")
  void metaErrorsAreClassified(int status, String payload, FailureKind kind, String code, String reason) {
    fake.on("POST", MESSAGES, Fixtures.reply(status, payload));

    SendResult result = channel.send(OutboundMessage.text("out-1", HOTLINE, PERSON, TEXT), config);

    assertThat(result).isEqualTo(new SendResult.Failed(kind, Optional.of(code), reason, Optional.empty()));
  }

  @Test
  void rateLimitsCarryRetryAfter() {
    fake.on("POST", MESSAGES, Fixtures.reply(429, "wa-error-130429.json").header("Retry-After", "30"));

    SendResult.Failed failed = (SendResult.Failed) channel.send(OutboundMessage.text("out-1", HOTLINE, PERSON, TEXT),
        config);

    assertThat(failed.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(failed.retryable()).isTrue();
  }

  @Test
  void serverErrorsMalformedAnswersAndDroppedConnectionsAreRetryable() {
    fake.on("POST", MESSAGES, FakeProvider.json(502, "<html>Bad gateway</html>"));
    assertThat(channel.send(OutboundMessage.text("a", HOTLINE, PERSON, TEXT), config))
        .isEqualTo(SendResult.failed(FailureKind.BAD_RESPONSE, "Meta answered HTTP 502"));

    fake.on("POST", MESSAGES, FakeProvider.json(200, "not json"));
    assertThat(channel.send(OutboundMessage.text("b", HOTLINE, PERSON, TEXT), config))
        .isEqualTo(SendResult.failed(FailureKind.BAD_RESPONSE, "Meta answered HTTP 200 without a readable body"));

    fake.on("POST", MESSAGES, FakeProvider.drop());
    SendResult dropped = channel.send(OutboundMessage.text("c", HOTLINE, PERSON, TEXT), config);
    assertThat(((SendResult.Failed) dropped).kind()).isEqualTo(FailureKind.CONNECTION);

    fake.on("POST", MESSAGES, Fixtures.reply(200, "wa-send-response.json").delayed(Duration.ofSeconds(4)));
    SendResult slow = channel.send(OutboundMessage.text("d", HOTLINE, PERSON, TEXT), config);
    assertThat(((SendResult.Failed) slow).kind()).as("every call has a timeout").isEqualTo(FailureKind.CONNECTION);
  }
}
