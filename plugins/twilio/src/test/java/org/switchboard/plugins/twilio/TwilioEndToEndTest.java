package org.switchboard.plugins.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.storage.schema.Tables.EARLY_STATUSES;
import static org.switchboard.storage.schema.Tables.MESSAGES;
import static org.switchboard.storage.schema.Tables.OUTBOX;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.switchboard.testkit.fakes.FakeProvider;
import org.switchboard.testkit.fakes.RecordingTransport;
import org.switchboard.testkit.fakes.TestClock;
import org.switchboard.testkit.twilio.FakeTwilio;

/**
 * Twilio end to end: the plugin's channel inside a real server (as a built-in channel), a local fake Twilio, and
 * only the JSON API and the fake's own webhooks in between — connectors and numbers, SMS and MMS in, replies and
 * statuses out, opt-outs, and a reply that outlives a provider outage and a restart.
 */
class TwilioEndToEndTest {
  private static final String SID = "AC" + "e2e0".repeat(8);
  private static final String TOKEN = "e2e-auth-token-4c1d8b2f";
  private static final String HOTLINE = "+15550100001";
  private static final String SECOND_LINE = "+15550100002";
  private static final String PERSON = "+15550177001";
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final FakeTwilio twilio = FakeTwilio.twilio(SID, TOKEN)
      .addNumber("PN" + "1".repeat(32), HOTLINE, "Helpline")
      .addNumber("PN" + "2".repeat(32), SECOND_LINE, "Second line");
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
        .channel(new TwilioChannel(transport, clock, LoggerFactory.getLogger("plugin.twilio"))).start();
    TestSwitchboard.Org org = server.createOrg("Tenants Line");
    api = server.http().withBearer(server.apiToken(org.ownerEmail()));
    inbox = new InboxApi(api, WAIT);
  }

  @AfterEach
  void stop() throws IOException {
    try {
      server.close();
      server.deleteData();
      twilio.close();
    } finally {
      logs.close();
    }
  }

  @Test
  void connectorsAndNumbersThroughTheJsonApi() {
    // Created and tested at once: Active with the account's name...
    JsonNode connector = createConnector("Main account");
    assertThat(connector.get("state").asText()).isEqualTo("active");
    assertThat(connector.get("stateDetail").asText()).isEqualTo("Connected to Example Helpline");
    assertThat(connector.toString()).doesNotContain(TOKEN);
    long id = connector.get("id").asLong();

    // ...or Error with the reason, and kept, when Twilio refuses the credentials.
    twilio.refuseCredentials();
    JsonNode refused = createConnector("Refused account");
    assertThat(refused.get("state").asText()).isEqualTo("error");
    assertThat(refused.get("stateDetail").asText()).isEqualTo("Account SID or Auth Token is wrong");
    twilio.acceptCredentials();
    long second = refused.get("id").asLong();
    assertThat(api.get("/api/v1/channels").json()).extracting(c -> c.get("id").asLong()).contains(id, second);
    assertThat(api.postJson("/api/v1/channels/" + second + "/test", "{}").json().get("state").asText())
        .isEqualTo("active");

    // The provider's numbers, one activated.
    JsonNode listed = api.get("/api/v1/channels/" + id + "/provider-numbers").json();
    assertThat(listed).extracting(n -> n.get("address").asText()).containsExactly("tel:" + HOTLINE,
        "tel:" + SECOND_LINE);
    JsonNode numbers = api.putJson("/api/v1/channels/" + id + "/numbers",
        Map.of("providerRefs", List.of("PN" + "1".repeat(32)))).json();
    assertThat(numbers).hasSize(1);
    long numberId = numbers.get(0).get("id").asLong();
    assertThat(numbers.get(0).get("webhookState").asText()).isEqualTo("missing");

    // A number is bound once per appliance.
    TestHttp.Reply taken = api.putJson("/api/v1/channels/" + second + "/numbers",
        Map.of("providerRefs", List.of("PN" + "1".repeat(32))));
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.json().get("message").asText()).contains("already bound");
    assertThat(api.get("/api/v1/channels/" + second + "/provider-numbers").json().get(0).get("boundElsewhere")
        .asBoolean()).isTrue();

    // "Set webhook" writes SmsUrl into the number and reads it back.
    String hook = connector.get("webhookUrl").asText();
    JsonNode set = api.postJson("/api/v1/channels/numbers/" + numberId + "/webhook", "{}").json();
    assertThat(set.get("webhookState").asText()).isEqualTo("configured");
    assertThat(twilio.number("PN" + "1".repeat(32)).orElseThrow().smsUrl()).isEqualTo(hook);
    FakeProvider.Recorded update = twilio.http().requests("POST",
        twilio.accountPath() + "/IncomingPhoneNumbers/PN" + "1".repeat(32) + ".json").get(0);
    assertThat(update.header("Authorization")).isEqualTo(twilio.basicAuth());
    assertThat(update.form()).containsEntry("SmsUrl", List.of(hook)).containsEntry("SmsMethod", List.of("POST"));

    // A new webhook URL: the old one is gone, and the number needs "Set webhook" again.
    JsonNode regenerated = api.postJson("/api/v1/channels/" + id + "/webhook/regenerate", "{}").json();
    String newHook = regenerated.get("webhookUrl").asText();
    assertThat(newHook).isNotEqualTo(hook);
    assertThat(regenerated.get("numbers").get(0).get("webhookState").asText()).isEqualTo("missing");
    assertThat(twilio.deliver(URI.create(hook), sms("SM" + "a".repeat(32), "anyone there?"))).isEqualTo(404);
    assertThat(api.postJson("/api/v1/channels/numbers/" + numberId + "/webhook", "{}").json()
        .get("webhookState").asText()).isEqualTo("configured");
    assertThat(twilio.number("PN" + "1".repeat(32)).orElseThrow().smsUrl()).isEqualTo(newHook);
    assertThat(twilio.deliver(URI.create(newHook), sms("SM" + "b".repeat(32), "anyone there?"))).isEqualTo(200);
    assertThat(transport.refused()).isEmpty();
  }

  @Test
  void smsAndMmsInRepliesAndStatusesOutNothingInTheClear() throws IOException {
    URI hook = activeHotline();
    String text = "My landlord changed the locks while I was at work";
    String reply = "We can help. Are you somewhere safe tonight?";
    String photo = "PHOTO-OF-THE-EVICTION-NOTICE-0042";

    // A signed SMS lands in the inbox; Twilio's retry of it stores nothing more; an unsigned copy is refused.
    Map<String, String> inbound = sms("SM" + "c".repeat(32), text);
    assertThat(twilio.deliver(hook, inbound)).isEqualTo(200);
    assertThat(twilio.deliver(hook, inbound)).isEqualTo(200);
    Map<String, String> unsigned = sms("SM" + "d".repeat(32), "unsigned: " + text);
    assertThat(twilio.post(hook, unsigned, Map.of())).isEqualTo(403);
    long conversation = inbox.conversationWith(text);
    assertThat(inbox.messages(conversation)).extracting(m -> m.get("body").asText()).containsExactly(text);
    assertThat(server.server().database().read().fetchCount(MESSAGES)).isEqualTo(1);

    // An MMS: the picture is fetched from Twilio with the API credential, sealed, listed and downloadable.
    URI media = twilio.putMedia("MM" + "e".repeat(32), "ME" + "e".repeat(32), "image/jpeg",
        photo.getBytes(StandardCharsets.UTF_8));
    Map<URI, String> attachments = new LinkedHashMap<>();
    attachments.put(media, "image/jpeg");
    assertThat(twilio.deliver(hook, twilio.inboundMms("MM" + "e".repeat(32), PERSON, HOTLINE, "", attachments)))
        .isEqualTo(200);
    Waits.until(WAIT, () -> inbox.messages(conversation).size() == 2
        && "stored".equals(inbox.messages(conversation).get(1).get("attachments").get(0).get("state").asText()));
    JsonNode attachment = inbox.messages(conversation).get(1).get("attachments").get(0);
    assertThat(attachment.get("contentType").asText()).isEqualTo("image/jpeg");
    assertThat(twilio.http().requests("GET", media.getRawPath()).get(0).header("Authorization"))
        .isEqualTo(twilio.basicAuth());
    TestHttp.Reply download = api.get("/api/v1/attachments/" + attachment.get("id").asLong());
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(photo);

    // A reply goes out through the outbox as exactly the request Twilio documents.
    long message = inbox.reply(conversation, reply);
    Waits.until(WAIT, () -> twilio.sentTo(PERSON).isPresent());
    FakeTwilio.Sent sent = twilio.sentTo(PERSON).orElseThrow();
    FakeProvider.Recorded request = twilio.http().requests("POST", twilio.messagesPath()).get(0);
    assertThat(request.header("Authorization")).isEqualTo(twilio.basicAuth());
    assertThat(request.form()).containsOnlyKeys("To", "From", "Body", "StatusCallback");
    assertThat(sent.to()).isEqualTo(PERSON);
    assertThat(sent.from()).isEqualTo(HOTLINE);
    assertThat(sent.body()).isEqualTo(reply);
    assertThat(sent.statusCallback()).isEqualTo(hook + "/status");

    // Twilio's status callback marks it delivered.
    assertThat(twilio.postStatus(sent.sid(), "delivered", null)).isEqualTo(200);
    Waits.until(WAIT, () -> "delivered".equals(inbox.status(conversation, message)));

    // A 21610 status means the person texted STOP: they are opted out and replies are refused.
    long second = inbox.reply(conversation, "Shall we call you instead?");
    Waits.until(WAIT, () -> twilio.sent().size() == 2);
    assertThat(twilio.postStatus(twilio.sent().get(1).sid(), "failed", "21610")).isEqualTo(200);
    Waits.until(WAIT, () -> inbox.conversation(conversation).get("contact").get("optedOut").asBoolean());
    assertThat(inbox.status(conversation, second)).isEqualTo("failed");
    TestHttp.Reply refused = api.postJson("/api/v1/conversations/" + conversation + "/messages",
        Map.of("text", "Hello?"));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(twilio.sent()).hasSize(2);

    // Nothing anyone said, no number and no credential in the database, its WAL, or the logs.
    List<String> needles = List.of(text, reply, photo, PERSON, HOTLINE, TOKEN, twilio.secrets().get(1));
    assertThat(PlaintextScanner.findAny(server.dataDir(), needles)).isEmpty();
    List<String> leaks = new ArrayList<>();
    for (String line : logs.lines()) {
      needles.stream().filter(line::contains).forEach(n -> leaks.add(line));
    }
    assertThat(leaks).isEmpty();
    assertThat(transport.refused()).isEmpty();
    assertThat(transport.reachedOutside(List.of(twilio.base()))).isEmpty();
  }

  @Test
  void aStatusCallbackThatOutrunsTheSendsAnswerIsStillApplied() throws IOException {
    URI hook = activeHotline();
    assertThat(twilio.deliver(hook, sms("SM" + "f".repeat(32), "Is the office open on Saturday?"))).isEqualTo(200);
    long conversation = inbox.conversationWith("Is the office open on Saturday?");

    // Twilio calls back "delivered" before its answer to the send arrives: the callback finds no message yet.
    twilio.reportStatusBeforeAnswering("delivered");
    long message = inbox.reply(conversation, "Yes, from ten to two.");
    Waits.until(WAIT, () -> !twilio.earlyCallbackAnswers().isEmpty());
    assertThat(twilio.earlyCallbackAnswers()).as("the early callback was acknowledged").containsExactly(200);

    // It waited for the send to be recorded and was applied then; nothing stays parked.
    Waits.until(WAIT, () -> "delivered".equals(inbox.status(conversation, message)));
    assertThat(server.server().database().read().fetchCount(EARLY_STATUSES)).isZero();
    assertThat(PlaintextScanner.findAny(server.dataDir(),
        List.of("Is the office open on Saturday?", "Yes, from ten to two.", PERSON, HOTLINE))).isEmpty();
  }

  @Test
  void aReplyQueuedWhileTwilioIsDownOutlivesARestartAndIsSentOnce() {
    URI hook = activeHotline();
    assertThat(twilio.deliver(hook, sms("SM" + "f".repeat(32), "Is anyone there tonight?"))).isEqualTo(200);
    long conversation = inbox.conversationWith("Is anyone there tonight?");

    twilio.stop();
    long message = inbox.reply(conversation, "Yes, we are here until midnight.");
    Waits.until(WAIT, () -> server.server().database().read().fetch(OUTBOX, OUTBOX.MESSAGE_ID.eq(message))
        .stream().anyMatch(row -> row.getAttempts() >= 1 && "pending".equals(row.getState())
            && String.valueOf(row.getLastError()).startsWith("CONNECTION")));
    assertThat(inbox.status(conversation, message)).isEqualTo("queued");

    server.restart();
    twilio.start();
    Waits.until(WAIT, () -> {
      Long next = server.server().database().read().select(OUTBOX.NEXT_ATTEMPT_AT).from(OUTBOX)
          .where(OUTBOX.MESSAGE_ID.eq(message)).fetchOne(OUTBOX.NEXT_ATTEMPT_AT);
      if (next != null) {
        clock.advanceTo(java.time.Instant.ofEpochMilli(next));
      }
      return next == null;
    });
    assertThat(twilio.sent()).extracting(FakeTwilio.Sent::body).containsExactly("Yes, we are here until midnight.");
    // Accepted means done: the payload is gone, so nothing is left to send twice.
    assertThat(server.server().database().read().fetchCount(OUTBOX)).isZero();
    assertThat(twilio.http().requests("POST", twilio.messagesPath())).hasSize(1);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private JsonNode createConnector(String name) {
    Map<String, Object> request = Map.of("type", "twilio", "name", name, "settings", Map.of(
        "accountSid", SID, "authToken", TOKEN, "apiBaseUrl", twilio.base().toString(),
        "messagingBaseUrl", twilio.base().toString()));
    TestHttp.Reply created = api.postJson("/api/v1/channels", request);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json();
  }

  /** A connector with the hotline number active and its webhook set; returns the webhook URL. */
  private URI activeHotline() {
    JsonNode connector = createConnector("Twilio");
    long id = connector.get("id").asLong();
    long number = api.putJson("/api/v1/channels/" + id + "/numbers",
        Map.of("providerRefs", List.of("PN" + "1".repeat(32)))).json().get(0).get("id").asLong();
    assertThat(api.postJson("/api/v1/channels/numbers/" + number + "/webhook", "{}").status()).isEqualTo(200);
    return URI.create(connector.get("webhookUrl").asText());
  }

  private Map<String, String> sms(String sid, String body) {
    return twilio.inboundSms(sid, PERSON, HOTLINE, body);
  }





}
