package org.switchboard.plugins.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.storage.schema.Tables.MESSAGES;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.switchboard.testkit.InboxApi;
import org.switchboard.testkit.LogCapture;
import org.switchboard.testkit.PlaintextScanner;
import org.switchboard.testkit.TestHttp;
import org.switchboard.testkit.TestSwitchboard;
import org.switchboard.testkit.Waits;
import org.switchboard.testkit.fakes.RecordingTransport;
import org.switchboard.testkit.fakes.TestClock;

/**
 * WhatsApp through the Cloud API end to end: the plugin's channel inside a real server, the local fake Graph API,
 * and only the JSON API and the fake's own webhooks in between — connector, numbers, the webhook subscription (with
 * Meta's verification handshake against the real server), messages and media in, replies and statuses out, the
 * 24-hour window, and an expired token that puts the connector in Error.
 */
class MetaEndToEndTest {
  private static final String TOKEN = "EAAe2e-system-user-token-9d4c1f";
  private static final String APP_SECRET = "e2e-app-secret-60b2aa";
  private static final String VERIFY = "e2e-verify-token-1f7e3c";
  private static final String NUMBER_ID = "106540352242922";
  private static final String HOTLINE = "+15550100199";
  private static final String PERSON = "15550177001";
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final FakeGraphApi meta = new FakeGraphApi(TOKEN, APP_SECRET, "102290129340398", "109876543210987",
      "1234567890123", "17841400000000001", VERIFY)
      .addNumber(NUMBER_ID, "+1 555-010-0199", "Tenants Line")
      .addNumber("106540352242923", "+1 555-010-0198", "Tenants Line Night")
      .addTemplate("{\"id\":\"594425479261596\",\"name\":\"follow_up\",\"language\":\"en_US\",\"status\":"
          + "\"APPROVED\",\"category\":\"UTILITY\",\"components\":[{\"type\":\"BODY\",\"text\":\"We tried to "
          + "reach you about {{1}}.\",\"example\":{\"body_text\":[[\"your case\"]]}}]}");
  private final RecordingTransport transport = new RecordingTransport();
  private final TestClock clock = new TestClock();
  private LogCapture logs;
  private TestSwitchboard server;
  private TestHttp api;
  private InboxApi inbox;

  @BeforeEach
  void start() {
    logs = LogCapture.start();
    server = TestSwitchboard.builder().transport(transport).clock(clock)
        .channel(new WhatsAppChannel(transport, clock, LoggerFactory.getLogger("plugin.meta"))).start();
    TestSwitchboard.Org org = server.createOrg("Tenants Line");
    api = server.http().withBearer(server.apiToken(org.ownerEmail()));
    inbox = new InboxApi(api, WAIT);
  }

  @AfterEach
  void stop() throws IOException {
    try {
      server.close();
      server.deleteData();
      meta.close();
    } finally {
      logs.close();
    }
  }

  @Test
  void connectorNumbersWebhookInboxReplyAndStatusNothingInTheClear() throws IOException {
    // Created and tested at once against the Graph API: Active with the account's name, no secret echoed.
    JsonNode connector = createConnector("WhatsApp");
    assertThat(connector.get("state").asText()).isEqualTo("active");
    assertThat(connector.get("stateDetail").asText()).isEqualTo("Connected to Example Helpline");
    assertThat(connector.toString()).doesNotContain(TOKEN, APP_SECRET, VERIFY);
    long id = connector.get("id").asLong();

    // The account's numbers with their names, quality and tier; one activated.
    JsonNode listed = api.get("/api/v1/channels/" + id + "/provider-numbers").json();
    assertThat(listed).extracting(n -> n.get("address").asText())
        .containsExactly("whatsapp:" + HOTLINE, "whatsapp:+15550100198");
    assertThat(listed.get(0).toString()).contains("Tenants Line · quality GREEN · limit 1k");
    JsonNode numbers = api.putJson("/api/v1/channels/" + id + "/numbers",
        Map.of("providerRefs", List.of(NUMBER_ID))).json();
    long numberId = numbers.get(0).get("id").asLong();
    assertThat(numbers.get(0).get("webhookState").asText()).isEqualTo("missing");

    // "Set webhook" subscribes the app; Meta calls the handshake on our URL before it keeps it.
    String hook = connector.get("webhookUrl").asText();
    JsonNode set = api.postJson("/api/v1/channels/numbers/" + numberId + "/webhook", "{}").json();
    assertThat(set.get("webhookState").asText()).as(set.toString()).isEqualTo("configured");
    assertThat(meta.wabaCallback()).contains(hook);

    // The number's approved templates, with the variables a send must fill.
    JsonNode templates = api.get("/api/v1/channels/numbers/" + numberId + "/templates").json();
    assertThat(templates).hasSize(1);
    assertThat(templates.get(0).get("name").asText()).isEqualTo("follow_up");
    assertThat(templates.get(0).get("approved").asBoolean()).isTrue();
    assertThat(templates.get(0).get("variables")).extracting(v -> v.get("name").asText())
        .containsExactly("body.1");

    // A second connector on the same account cannot take the number again.
    long second = createConnector("Again").get("id").asLong();
    TestHttp.Reply taken = api.putJson("/api/v1/channels/" + second + "/numbers",
        Map.of("providerRefs", List.of(NUMBER_ID)));
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.json().get("message").asText()).contains("already bound");

    // A signed message lands in the inbox; Meta's redelivery is stored once; an unsigned copy is refused.
    String text = "My landlord changed the locks while I was at work";
    String inbound = meta.whatsAppText("wamid.e2e1", PERSON, meta.number(NUMBER_ID), "Sam Doe", text);
    assertThat(meta.deliver(URI.create(hook), inbound)).isEqualTo(200);
    assertThat(meta.deliver(URI.create(hook), inbound)).isEqualTo(200);
    String unsigned = meta.whatsAppText("wamid.e2e2", PERSON, meta.number(NUMBER_ID), "Sam Doe", "unsigned " + text);
    assertThat(meta.post(URI.create(hook), unsigned, Map.of())).isEqualTo(403);
    assertThat(meta.post(URI.create(hook), unsigned, Map.of(HubSignature.HEADER, "sha256=" + "0".repeat(64))))
        .isEqualTo(403);
    long conversation = inbox.conversationWith(text);
    assertThat(inbox.messages(conversation)).extracting(m -> m.get("body").asText()).containsExactly(text);
    assertThat(server.server().database().read().fetchCount(MESSAGES)).isEqualTo(1);

    // A photo: fetched through the media endpoint with the token, sealed, downloadable; Meta's copy deleted.
    String photo = "PHOTO-OF-THE-EVICTION-NOTICE-0042";
    String mediaId = meta.putMedia("image/jpeg", photo.getBytes(StandardCharsets.UTF_8));
    assertThat(meta.deliver(URI.create(hook), meta.whatsAppImage("wamid.e2e3", PERSON, meta.number(NUMBER_ID),
        mediaId, "the notice"))).isEqualTo(200);
    Waits.until(WAIT, () -> inbox.messages(conversation).size() == 2
        && "stored".equals(inbox.messages(conversation).get(1).get("attachments").get(0).get("state").asText()));
    JsonNode attachment = inbox.messages(conversation).get(1).get("attachments").get(0);
    assertThat(api.get("/api/v1/attachments/" + attachment.get("id").asLong()).body()).isEqualTo(photo);
    assertThat(meta.deletedMedia()).containsExactly(mediaId);

    // A reply goes out as exactly the request Meta documents, from the number's id.
    String reply = "We can help. Are you somewhere safe tonight?";
    long message = inbox.reply(conversation, reply);
    Waits.until(WAIT, () -> meta.sentTo(PERSON).isPresent());
    FakeGraphApi.Sent sent = meta.sentTo(PERSON).orElseThrow();
    assertThat(sent.path()).isEqualTo("/v25.0/" + NUMBER_ID + "/messages");
    assertThat(sent.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(sent.body().toString()).isEqualTo("{\"messaging_product\":\"whatsapp\",\"recipient_type\":"
        + "\"individual\",\"to\":\"" + PERSON + "\",\"type\":\"text\",\"text\":{\"body\":\"" + reply
        + "\",\"preview_url\":false}}");

    // Meta's statuses move it forward; a failed one shows Meta's code in words.
    assertThat(meta.deliver(URI.create(hook), meta.whatsAppStatus(sent.id(), "delivered", PERSON,
        meta.number(NUMBER_ID), null))).isEqualTo(200);
    Waits.until(WAIT, () -> "delivered".equals(inbox.status(conversation, message)));
    long second2 = inbox.reply(conversation, "Shall we call you instead?");
    Waits.until(WAIT, () -> meta.sent().size() == 2);
    assertThat(meta.deliver(URI.create(hook), meta.whatsAppStatus(meta.sent().get(1).id(), "failed", PERSON,
        meta.number(NUMBER_ID), 131026))).isEqualTo(200);
    Waits.until(WAIT, () -> "failed".equals(inbox.status(conversation, second2)));
    JsonNode failed = inbox.messages(conversation).stream().filter(m -> m.get("id").asLong() == second2)
        .findFirst().orElseThrow();
    assertThat(failed.get("statusCode").asText()).isEqualTo("131026");
    assertThat(failed.get("statusDetail").asText()).contains("could not be delivered");

    // Nothing anyone said, no number and no credential in the data folder or the logs.
    List<String> needles = List.of(text, reply, photo, PERSON, HOTLINE.substring(1), "Sam Doe", TOKEN, APP_SECRET,
        VERIFY);
    assertThat(PlaintextScanner.findAny(server.dataDir(), needles)).isEmpty();
    List<String> leaks = new ArrayList<>();
    for (String line : logs.lines()) {
      needles.stream().filter(line::contains).forEach(n -> leaks.add(line));
      if (line.contains("wamid.")) {
        leaks.add("a message id in the logs: " + line);
      }
    }
    assertThat(leaks).isEmpty();
    assertThat(transport.refused()).isEmpty();
    assertThat(transport.reachedOutside(List.of(meta.base()))).isEmpty();
  }

  @Test
  void freeTextAfterTheWindowClosedIsRefusedAndNothingReachesMeta() {
    URI hook = activeHotline();
    assertThat(meta.deliver(hook, meta.whatsAppText("wamid.w1", PERSON, meta.number(NUMBER_ID), "Sam Doe",
        "Is the office open on Saturday?"))).isEqualTo(200);
    long conversation = inbox.conversationWith("Is the office open on Saturday?");

    clock.advance(Duration.ofHours(25));
    long message = inbox.reply(conversation, "Sorry for the late answer: yes, from ten to two.");

    Waits.until(WAIT, () -> "failed".equals(inbox.status(conversation, message)));
    JsonNode shown = inbox.messages(conversation).get(1);
    assertThat(shown.get("statusDetail").asText())
        .isEqualTo("the 24-hour customer-service window has closed — send an approved template");
    assertThat(meta.sent()).isEmpty();
  }

  @Test
  void anExpiredTokenPutsTheConnectorInErrorWithTheReason() {
    URI hook = activeHotline();
    long id = -1;
    for (JsonNode c : api.get("/api/v1/channels").json()) {
      id = "whatsapp-cloud".equals(c.get("type").asText()) ? c.get("id").asLong() : id;
    }
    assertThat(meta.deliver(hook, meta.whatsAppText("wamid.t1", PERSON, meta.number(NUMBER_ID), "Sam Doe",
        "Are you there?"))).isEqualTo(200);
    long conversation = inbox.conversationWith("Are you there?");

    meta.expireToken();
    long message = inbox.reply(conversation, "Yes, we are.");

    Waits.until(WAIT, () -> "failed".equals(inbox.status(conversation, message)));
    assertThat(inbox.messages(conversation).get(1).get("statusCode").asText()).isEqualTo("190");
    long connectorId = id;
    Waits.until(WAIT, () -> "error".equals(api.get("/api/v1/channels/" + connectorId).json().get("state").asText()));
    JsonNode connector = api.get("/api/v1/channels/" + connectorId).json();
    assertThat(connector.get("stateDetail").asText())
        .isEqualTo("The access token has expired or was revoked (Meta error 190)");

    // A new token and "Test connection" bring it back.
    meta.renewToken();
    assertThat(api.postJson("/api/v1/channels/" + id + "/test", "{}").json().get("state").asText())
        .isEqualTo("active");
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private JsonNode createConnector(String name) {
    TestHttp.Reply created = api.postJson("/api/v1/channels", Map.of("type", "whatsapp-cloud", "name", name,
        "settings", Map.of("businessAccountId", meta.wabaId(), "accessToken", TOKEN, "appSecret", APP_SECRET,
            "verifyToken", VERIFY, "apiBaseUrl", meta.base().toString())));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json();
  }

  /** A connector with the hotline number active and its webhook subscribed; returns the webhook URL. */
  private URI activeHotline() {
    JsonNode connector = createConnector("WhatsApp");
    long id = connector.get("id").asLong();
    long number = api.putJson("/api/v1/channels/" + id + "/numbers", Map.of("providerRefs", List.of(NUMBER_ID)))
        .json().get(0).get("id").asLong();
    assertThat(api.postJson("/api/v1/channels/numbers/" + number + "/webhook", "{}").status()).isEqualTo(200);
    return URI.create(connector.get("webhookUrl").asText());
  }
}
