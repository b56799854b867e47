package org.switchboard.plugins.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.storage.schema.Tables.OUTBOX;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
import org.switchboard.testkit.signal.FakeSignalBridge;

/**
 * Signal end to end: the plugin's channel inside a real server, the fake signal-cli bridge in json-rpc mode, and
 * only the JSON API between — the receive loop the server opens, replies and receipts, the bridge dying and coming
 * back, attachments, safety-number changes and disappearing messages.
 */
class SignalEndToEndTest {
  private static final String HOTLINE = "+15550002000";
  private static final FakeSignalBridge.Contact PERSON = new FakeSignalBridge.Contact(
      "0b0e5d1c-2a3b-4c5d-8e6f-7a8b9c0d1e2f", "+15550002777", "Sam E2E");
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final FakeSignalBridge bridge = new FakeSignalBridge().addAccount(HOTLINE).start();
  private final RecordingTransport transport = new RecordingTransport();
  private final TestClock clock = new TestClock();
  private long timestamps = 1_785_700_000_000L;
  private LogCapture logs;
  private TestSwitchboard server;
  private TestHttp api;
  private InboxApi inbox;
  private long connectorId;

  @BeforeEach
  void start() {
    logs = LogCapture.start();
    server = TestSwitchboard.builder().transport(transport).clock(clock)
        .channel(new SignalChannel(transport, clock, LoggerFactory.getLogger("plugin.signal"), Fixtures.FAST))
        .start();
    TestSwitchboard.Org org = server.createOrg("Harm Reduction Line");
    api = server.http().withBearer(server.apiToken(org.ownerEmail()));
    inbox = new InboxApi(api, WAIT);

    TestHttp.Reply created = api.postJson("/api/v1/channels", Map.of("type", "signal", "name", "Signal",
        "settings", Map.of("bridgeUrl", bridge.baseUrl().toString())));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("state").asText()).isEqualTo("active");
    connectorId = created.json().get("id").asLong();
    TestHttp.Reply number = api.postJson("/api/v1/channels/" + connectorId + "/numbers",
        Map.of("address", HOTLINE));
    assertThat(number.status()).as(number.body()).isEqualTo(201);
    assertThat(number.json().get("address").asText()).isEqualTo("signal:" + HOTLINE);
    // The server opens the receive loop for the new number; until it is connected, the bridge drops messages.
    assertThat(bridge.awaitWebSockets(HOTLINE, 1, WAIT)).as("receive websocket open").isTrue();
    Waits.until(WAIT, () -> "ok".equals(connectorHealth()));
  }

  @AfterEach
  void stop() throws IOException {
    try {
      server.close();
      server.deleteData();
      bridge.close();
    } finally {
      logs.close();
    }
  }

  @Test
  void aMessageReachesTheInboxAndTheReplyIsDeliveredBackOverTheBridge() throws IOException {
    String text = "I used with a friend and they will not wake up";
    String reply = "Call emergency services now. Put them on their side. We stay with you.";
    deliver(FakeSignalBridge.textFrame(HOTLINE, PERSON, next(), text, 0));
    long conversation = inbox.conversationWith(text);
    JsonNode detail = inbox.conversation(conversation);
    assertThat(detail.get("contact").get("name").asText()).isEqualTo("Sam E2E");
    assertThat(detail.get("reply").get("channelType").asText()).isEqualTo("signal");

    long message = inbox.reply(conversation, reply);
    Waits.until(WAIT, () -> bridge.sentTo(PERSON.uuid()).isPresent());
    FakeSignalBridge.Sent sent = bridge.sentTo(PERSON.uuid()).orElseThrow();
    assertThat(sent.number()).isEqualTo(HOTLINE);
    assertThat(sent.recipients()).containsExactly(PERSON.uuid());
    assertThat(sent.message()).isEqualTo(reply);
    assertThat(bridge.requests("POST", "/v2/send")).hasSize(1);
    Waits.until(WAIT, () -> "sent".equals(inbox.status(conversation, message)));

    long sentAt = Long.parseLong(sent.timestamp());
    deliver(FakeSignalBridge.receiptFrame(HOTLINE, PERSON, sentAt + 500, false, sentAt));
    Waits.until(WAIT, () -> "delivered".equals(inbox.status(conversation, message)));
    deliver(FakeSignalBridge.receiptFrame(HOTLINE, PERSON, sentAt + 900, true, sentAt));
    Waits.until(WAIT, () -> "read".equals(inbox.status(conversation, message)));

    List<String> needles = List.of(text, reply, PERSON.uuid(), PERSON.number(), PERSON.name(), HOTLINE);
    assertThat(PlaintextScanner.findAny(server.dataDir(), needles)).isEmpty();
    assertNoLogLineContains(needles);
    assertThat(transport.refused()).isEmpty();
    assertThat(transport.reachedOutside(List.of(bridge.baseUrl()))).isEmpty();
  }

  @Test
  void aDeadBridgeShowsAWarningAndTheReplyQueuedMeanwhileIsSentOnceWhenItIsBack() {
    deliver(FakeSignalBridge.textFrame(HOTLINE, PERSON, next(), "Are you open tonight?", 0));
    long conversation = inbox.conversationWith("Are you open tonight?");

    bridge.stop();
    Waits.until(WAIT, () -> "warning".equals(connectorHealth()));
    JsonNode health = server.http().get("/healthz").json();
    assertThat(health.get("status").asText()).isEqualTo("degraded");
    assertThat(health.get("channels")).anySatisfy(c -> {
      assertThat(c.get("connectorId").asLong()).isEqualTo(connectorId);
      assertThat(c.get("state").asText()).isEqualTo("warning");
      assertThat(c.get("message").asText()).isEqualTo("Signal bridge unreachable");
    });
    assertThat(connector().get("healthMessage").asText()).isEqualTo("Signal bridge unreachable");

    long message = inbox.reply(conversation, "Yes, until two in the morning.");
    Waits.until(WAIT, () -> server.server().database().read().fetch(OUTBOX, OUTBOX.MESSAGE_ID.eq(message)).stream()
        .anyMatch(row -> row.getAttempts() >= 1 && "pending".equals(row.getState())
            && String.valueOf(row.getLastError()).startsWith("CONNECTION")));
    assertThat(inbox.status(conversation, message)).isEqualTo("queued");
    assertThat(bridge.sends()).isEmpty();

    bridge.start();
    assertThat(bridge.awaitWebSockets(HOTLINE, 1, WAIT)).as("the loop reconnects on its own").isTrue();
    Waits.until(WAIT, () -> "ok".equals(connectorHealth()));
    Waits.until(WAIT, () -> "ok".equals(server.http().get("/healthz").json().get("status").asText()));

    // The retry comes due (the clock stands in for the backoff's wait) and goes out exactly once.
    Waits.until(WAIT, () -> {
      Long due = server.server().database().read().select(OUTBOX.NEXT_ATTEMPT_AT).from(OUTBOX)
          .where(OUTBOX.MESSAGE_ID.eq(message)).fetchOne(OUTBOX.NEXT_ATTEMPT_AT);
      if (due != null) {
        clock.advanceTo(Instant.ofEpochMilli(due));
      }
      return due == null;
    });
    assertThat(inbox.status(conversation, message)).isEqualTo("sent");
    assertThat(bridge.sends()).extracting(FakeSignalBridge.Sent::message)
        .containsExactly("Yes, until two in the morning.");
    assertThat(server.server().database().read().fetchCount(OUTBOX)).isZero();
  }

  @Test
  void attachmentsSafetyNumbersAndDisappearingMessages() throws IOException {
    // An attachment is fetched from the bridge, sealed, and downloadable by a member.
    String picture = "PNG-BYTES-OF-A-PRIVATE-LETTER-77";
    bridge.putAttachment("e2e-letter.png", "image/png", picture.getBytes(StandardCharsets.UTF_8));
    deliver(FakeSignalBridge.attachmentFrame(HOTLINE, PERSON, next(), "the letter from the court",
        "e2e-letter.png", "image/png", "letter.png", picture.length()));
    long conversation = inbox.conversationWith("the letter from the court");
    Waits.until(WAIT, () -> "stored".equals(inbox.messages(conversation).get(0).get("attachments").get(0)
        .get("state").asText()));
    JsonNode attachment = inbox.messages(conversation).get(0).get("attachments").get(0);
    assertThat(attachment.get("contentType").asText()).isEqualTo("image/png");
    assertThat(attachment.get("filename").asText()).isEqualTo("letter.png");
    assertThat(api.get("/api/v1/attachments/" + attachment.get("id").asLong()).body()).isEqualTo(picture);

    // A changed safety number shows on the contact.
    assertThat(inbox.conversation(conversation).get("contact").get("identityChangedAt").isNull()).isTrue();
    deliver(FakeSignalBridge.untrustedIdentityFrame(HOTLINE, PERSON, next()));
    Waits.until(WAIT, () -> !inbox.conversation(conversation).get("contact").get("identityChangedAt").isNull());

    // A disappearing-messages timer applies to the conversation, to what it holds, and to every message after.
    int week = 7 * 24 * 3600;
    deliver(FakeSignalBridge.expiryUpdateFrame(HOTLINE, PERSON, next(), week));
    Waits.until(WAIT, () -> inbox.conversation(conversation).get("disappearingSeconds").asInt(0) == week);
    deliver(FakeSignalBridge.textFrame(HOTLINE, PERSON, next(), "this one should vanish", week));
    Waits.until(WAIT, () -> inbox.messages(conversation).stream()
        .anyMatch(m -> m.get("body").asText().equals("this one should vanish")));
    JsonNode vanishing = inbox.messages(conversation).stream()
        .filter(m -> m.get("body").asText().equals("this one should vanish")).findFirst().orElseThrow();
    Instant expires = Instant.parse(vanishing.get("expiresAt").asText());
    assertThat(expires).isBetween(clock.instant().plusSeconds(week - 60), clock.instant().plusSeconds(week + 60));
    JsonNode earlier = inbox.messages(conversation).get(0);
    assertThat(Instant.parse(earlier.get("expiresAt").asText())).as("messages stored before the timer expire too")
        .isEqualTo(Instant.parse(earlier.get("createdAt").asText()).plusSeconds(week));
    long reply = inbox.reply(conversation, "noted, this disappears too");
    assertThat(inbox.messages(conversation).stream().filter(m -> m.get("id").asLong() == reply).findFirst()
        .orElseThrow().get("expiresAt").isNull()).as("replies disappear too").isFalse();

    assertThat(PlaintextScanner.findAny(server.dataDir(), List.of(picture, "the letter from the court",
        "this one should vanish", PERSON.uuid(), PERSON.number()))).isEmpty();
    assertNoLogLineContains(List.of(picture, "letter.png", PERSON.uuid(), PERSON.number(), HOTLINE));
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private long next() {
    return timestamps += 1000;
  }

  private void deliver(String frame) {
    assertThat(bridge.awaitWebSockets(HOTLINE, 1, WAIT)).isTrue();
    assertThat(bridge.deliver(frame)).as("pushed to the receive websocket").isEqualTo(1);
  }

  private JsonNode connector() {
    return api.get("/api/v1/channels/" + connectorId).json();
  }

  private String connectorHealth() {
    JsonNode health = connector().get("health");
    return health == null || health.isNull() ? "none" : health.asText();
  }






  private void assertNoLogLineContains(List<String> needles) {
    List<String> leaks = new ArrayList<>();
    for (String line : logs.lines()) {
      needles.stream().filter(line::contains).forEach(n -> leaks.add(line));
    }
    assertThat(leaks).as("personal data in the logs").isEmpty();
  }
}
