package org.switchboard.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.switchboard.storage.schema.Tables.CONTACTS;
import static org.switchboard.storage.schema.Tables.CONVERSATIONS;
import static org.switchboard.storage.schema.Tables.INBOUND_SEEN;
import static org.switchboard.storage.schema.Tables.MESSAGES;
import static org.switchboard.storage.schema.Tables.OUTBOX;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.Address;
import org.switchboard.api.Channel;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelDescriptor.Capability;
import org.switchboard.api.ConfigField;
import org.switchboard.api.FailureKind;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.OutboundMessage;
import org.switchboard.api.SendResult;
import org.switchboard.channels.ConnectorService;
import org.switchboard.outbox.Dispatcher;
import org.switchboard.testkit.LogCapture;
import org.switchboard.testkit.PlaintextScanner;
import org.switchboard.testkit.TestHttp;
import org.switchboard.testkit.TestSwitchboard;
import org.switchboard.testkit.Waits;
import org.switchboard.testkit.fakes.RecordingTransport;
import org.switchboard.testkit.fakes.TestClock;

/**
 * The channel conformance kit: what every channel must do inside a real server, checked the same way for every
 * plugin. A plugin's test extends this class and says how to build its channel and how its fake provider delivers
 * messages and fails; the kit runs the channel as a built-in channel of a real {@link TestSwitchboard} (real Jersey,
 * SQLite, libsodium, outbox and ingest path; {@link RecordingTransport} over the server's loopback-only transport;
 * a {@link TestClock}) and checks, through the JSON API and the database:
 *
 * <ol>
 *   <li>a connector made with the fake's settings tests Active, and its secrets are never echoed;</li>
 *   <li>a delivered message reaches the inbox, once, with a reply route;</li>
 *   <li>a webhook without a signature, and one with a wrong signature, get a 4xx and store nothing (stream-only
 *       channels: any webhook is refused and stores nothing);</li>
 *   <li>a provider retry (the same message twice) stores one message;</li>
 *   <li>each status in the plugin's table moves a reply sent through the real outbox to the expected status;</li>
 *   <li>each scripted send failure is classified as expected; retryable ones are retried {@link
 *       Dispatcher#MAX_ATTEMPTS} times and end "failed: gave up…", others end at once (opt-outs are recorded);</li>
 *   <li>the channel called nothing but its fakes, and never tried to leave loopback;</li>
 *   <li>no secret, phone number, address or message text reached a log line (over the whole run) or the data
 *       folder.</li>
 * </ol>
 *
 * <p>Fakes are the plugin's: create and start them in field initializers (the kit's {@code @BeforeAll} reads
 * {@link #connectorSettings()} first) and close them in an {@code @AfterAll}. Each scenario gets its own hotline
 * number and person ({@link #hotline(int)}, {@link #person(int)}), so scenarios run side by side and each failure
 * can be scripted for one person. Webhook channels implement {@link #inboundWebhook} and {@link #statusWebhook};
 * streaming channels implement {@link #deliverInbound} and {@link #deliverStatus} through their fake instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ChannelConformanceTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** Retries are brought due by the clock, but each number sends at most once a second. */
  private static final Duration RETRIES = Duration.ofSeconds(30L + 3L * Dispatcher.MAX_ATTEMPTS);

  /** The clock the server and the channel run on; the kit moves it forward to bring retries due at once. */
  protected final TestClock clock = new TestClock();
  /** The server's loopback-only transport, recording every call the channel makes. */
  protected final RecordingTransport transport = new RecordingTransport();

  private final AtomicInteger lanes = new AtomicInteger();
  private final AtomicInteger serials = new AtomicInteger();
  private final Set<String> personal = ConcurrentHashMap.newKeySet();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private LogCapture logs;
  private TestSwitchboard server;
  private Channel channel;
  private TestHttp api;
  private String apiToken;
  private JsonNode connector;
  private long connectorId;
  private URI webhookUrl;

  // ============================================================================================ what a plugin provides

  /** The channel under test, built with exactly what the server would inject. */
  protected abstract Channel createChannel(HttpTransport transport, Clock clock, Logger log);

  /** Connector settings (as the JSON API takes them, secrets included) that point the channel at the fakes. */
  protected abstract Map<String, String> connectorSettings();

  /** The hotline's {@code index}-th number on this channel, known to the fake (listed, registered). */
  protected abstract Address hotline(int index);

  /** The {@code index}-th person who writes to the hotline, as the channel addresses them. */
  protected abstract Address person(int index);

  /** The provider's id for the last message the fake accepted for {@code person}. */
  protected abstract String providerMessageIdSentTo(Address person);

  /** The channel's status table: what the provider reports and what a message must show afterwards. */
  protected abstract List<StatusCase> statusCases();

  /** The channel's send-failure table. */
  protected abstract List<SendFailure> sendFailures();

  /** Secret values (tokens, keys) that must never be logged or stored in the clear. */
  protected abstract List<String> secrets();

  /** Base URLs of the fakes; the channel may call nothing else. */
  protected abstract List<URI> fakeAddresses();

  /**
   * Personal values besides those the kit makes up (texts, {@link #person} and {@link #hotline} values) that the
   * plugin's fakes put into requests, e.g. a person's phone number next to their Signal id, or a profile name.
   */
  protected List<String> personalValues() {
    return List.of();
  }

  /** Webhook channels: the provider's request for {@code message}, posted to (under) {@code webhookUrl}. */
  protected Webhook inboundWebhook(URI webhookUrl, Inbound message, Signing signing) {
    throw new UnsupportedOperationException("a webhook channel must build its inbound webhooks");
  }

  /** Webhook channels: the provider's status callback for {@code sent}. */
  protected Webhook statusWebhook(URI webhookUrl, SentMessage sent, StatusCase status) {
    throw new UnsupportedOperationException("a webhook channel must build its status callbacks");
  }

  /**
   * Streaming channels: has the fake deliver {@code message} over the stream (waiting until the receive loop for
   * its hotline number is connected, if messages would otherwise be lost).
   */
  protected void deliverInbound(Inbound message) {
    throw new UnsupportedOperationException("a streaming channel must deliver inbound messages through its fake");
  }

  /** Streaming channels: has the fake deliver a receipt for {@code sent}. */
  protected void deliverStatus(SentMessage sent, StatusCase status) {
    throw new UnsupportedOperationException("a streaming channel must deliver receipts through its fake");
  }

  // ============================================================================================ lifecycle

  @BeforeAll
  public final void startConformanceServer() {
    logs = LogCapture.start();
    channel = createChannel(transport, clock, LoggerFactory.getLogger("plugin.conformance"));
    server = TestSwitchboard.builder().channel(channel).transport(transport).clock(clock).start();
    TestSwitchboard.Org org = server.createOrg("Conformance Line");
    apiToken = server.apiToken(org.ownerEmail());
    api = server.http().withBearer(apiToken);
    TestHttp.Reply created = api.postJson("/api/v1/channels",
        Map.of("type", type(), "name", "Channel under test", "settings", connectorSettings()));
    assertThat(created.status()).as("creating the connector: %s", created.body()).isEqualTo(201);
    connector = created.json();
    connectorId = connector.get("id").asLong();
    webhookUrl = server.baseUrl().resolve(URI.create(connector.get("webhookUrl").asText()).getRawPath());
  }

  @AfterAll
  public final void stopConformanceServer() throws IOException {
    try {
      if (server != null) {
        server.close();
        server.deleteData();
      }
    } finally {
      if (logs != null) {
        logs.close();
      }
    }
  }

  // ============================================================================================ the checks

  @Test
  @Order(1)
  public void aConnectorWithTheFakesSettingsTestsActive() {
    assertThat(connector.get("state").asText()).as("state (%s)", connector.get("stateDetail").asText())
        .isEqualTo("active");
    String json = api.get("/api/v1/channels/" + connectorId).body();
    for (String secret : secrets()) {
      assertThat(json).as("the connector JSON never shows a secret").doesNotContain(secret);
    }
    List<String> secretsSet = new ArrayList<>();
    connector.get("secretsSet").forEach(n -> secretsSet.add(n.asText()));
    for (ConfigField field : channel.descriptor().fields()) {
      if (field.secret() && connectorSettings().containsKey(field.key())) {
        assertThat(secretsSet).as("secret fields are listed as set").contains(field.key());
        assertThat(connector.get("settings").has(field.key())).as("secret %s among plain settings", field.key())
            .isFalse();
      }
    }
    assertThat(api.get("/api/v1/channels/types").json()).anySatisfy(
        t -> assertThat(t.get("type").asText()).isEqualTo(type()));
  }

  @Test
  @Order(2)
  public void aDeliveredMessageReachesTheInboxWithAReplyRoute() {
    Lane lane = lane();
    Inbound message = inbound(lane, "my landlord changed the locks");
    deliver(message);
    JsonNode detail = conversation(conversationWith(message.text()));
    assertThat(detail.get("messages")).hasSize(1);
    JsonNode stored = detail.get("messages").get(0);
    assertThat(stored.get("direction").asText()).isEqualToIgnoringCase("in");
    assertThat(stored.get("body").asText()).isEqualTo(message.text());
    assertThat(stored.get("status").asText()).isEqualToIgnoringCase("received");
    assertThat(detail.get("reply").get("possible").asBoolean()).as("reply route: %s", detail.get("reply"))
        .isTrue();
    assertThat(detail.get("reply").get("channelType").asText()).isEqualTo(type());
  }

  @Test
  @Order(3)
  public void aWebhookWithoutSignatureIsRefusedAndStoresNothing() {
    refusedAndNothingStored(Signing.MISSING);
  }

  @Test
  @Order(4)
  public void aWebhookWithAWrongSignatureIsRefusedAndStoresNothing() {
    refusedAndNothingStored(Signing.WRONG);
  }

  @Test
  @Order(5)
  public void aProviderRetryIsStoredOnce() {
    Lane lane = lane();
    Inbound message = inbound(lane, "is the office open on Saturday");
    int before = count(MESSAGES);
    deliver(message);
    deliver(message);
    // Streams hand frames over in order: once the next message is stored, the retry has been handled.
    Inbound next = inbound(lane, "and where do I find it");
    deliver(next);
    JsonNode detail = conversation(conversationWith(next.text()));
    List<String> bodies = new ArrayList<>();
    detail.get("messages").forEach(m -> bodies.add(m.get("body").asText()));
    assertThat(bodies).containsExactly(message.text(), next.text());
    assertThat(count(MESSAGES)).isEqualTo(before + 2);
  }

  @TestFactory
  @Order(6)
  public Stream<DynamicTest> deliveryStatusesMoveRepliesForward() {
    Assumptions.assumeTrue(channel.descriptor().has(Capability.DELIVERY_STATUS),
        "the channel does not report delivery statuses");
    record Scenario(StatusCase status, Lane lane, long conversation, long message) {}
    List<Scenario> scenarios = new ArrayList<>();
    for (StatusCase status : statusCases()) {
      Lane lane = lane();
      Inbound message = inbound(lane, "waiting for a status");
      deliver(message);
      long conversation = conversationWith(message.text());
      scenarios.add(new Scenario(status, lane, conversation, reply(conversation, text(lane, "we read you"))));
    }
    assertThat(scenarios).as("a channel reports at least one delivery status").isNotEmpty();
    return scenarios.stream().map(s -> dynamicTest(s.status().toString(), () -> {
      awaitAccepted(s.conversation(), s.message());
      SentMessage sent = new SentMessage(providerMessageIdSentTo(s.lane().person()), s.lane().hotline(),
          s.lane().person());
      if (webhooks()) {
        HttpResponse<String> answer = post(statusWebhook(webhookUrl, sent, s.status()));
        assertThat(answer.statusCode()).as("status callback answer: %s", answer.body()).isBetween(200, 299);
      } else {
        deliverStatus(sent, s.status());
      }
      String expected = s.status().expected().name();
      Waits.until(WAIT, () -> expected.equalsIgnoreCase(message(s.conversation(), s.message()).get("status").asText()));
    }));
  }

  @TestFactory
  @Order(7)
  public Stream<DynamicTest> sendFailuresAreClassifiedAndRetriedBoundedly() {
    record Scenario(SendFailure failure, Lane lane, SendResult direct, long conversation, long message) {}
    ConnectorService connectors = server.get(ConnectorService.class);
    ChannelConfig config = connectors.config(connectors.find(connectorId).orElseThrow());
    List<Scenario> scenarios = new ArrayList<>();
    assertThat(sendFailures()).as("a channel's failure table has rows").isNotEmpty();
    for (SendFailure failure : sendFailures()) {
      Lane lane = lane();
      Inbound message = inbound(lane, "about my benefits claim");
      deliver(message);
      long conversation = conversationWith(message.text());
      failure.arrange().accept(lane.person());
      // The channel's own verdict, asked directly with the same settings the server uses...
      SendResult direct = channel.send(OutboundMessage.text("conformance-direct-" + lane.index(), lane.hotline(),
          lane.person(), text(lane, "a direct send")), config);
      // ...and what the real outbox makes of it.
      scenarios.add(new Scenario(failure, lane, direct, conversation,
          reply(conversation, text(lane, "we will call you back"))));
    }
    return scenarios.stream().map(s -> dynamicTest(s.failure().toString(), () -> {
      assertThat(s.direct()).as("the channel's answer").isInstanceOf(SendResult.Failed.class);
      SendResult.Failed failed = (SendResult.Failed) s.direct();
      assertThat(failed.kind()).as("failure kind (%s)", failed.reason()).isEqualTo(s.failure().expected());
      Waits.until(RETRIES, () -> {
        bringRetriesDue();
        return "failed".equalsIgnoreCase(message(s.conversation(), s.message()).get("status").asText());
      });
      JsonNode shown = message(s.conversation(), s.message());
      String detail = shown.get("statusDetail").asText();
      if (failed.retryable()) {
        assertThat(detail).as("a retryable failure is tried a bounded number of times")
            .startsWith("gave up after " + Dispatcher.MAX_ATTEMPTS + " attempts: ");
        assertThat(detail.substring(detail.indexOf(": ") + 2)).isEqualTo(failed.reason());
      } else {
        assertThat(detail).as("a permanent failure ends at once").isEqualTo(failed.reason());
      }
      assertThat(shown.get("statusCode").isNull() ? null : shown.get("statusCode").asText())
          .isEqualTo(failed.providerCode().orElse(null));
      assertThat(server.server().database().read().fetchCount(OUTBOX, OUTBOX.MESSAGE_ID.eq(s.message())))
          .as("nothing left in the outbox").isZero();
      if (s.failure().expected() == FailureKind.OPTED_OUT) {
        assertThat(conversation(s.conversation()).get("contact").get("optedOut").asBoolean())
            .as("an opt-out reported by the provider is recorded").isTrue();
        assertThat(api.postJson("/api/v1/conversations/" + s.conversation() + "/messages",
            Map.of("text", "one more try")).status()).as("no more replies after an opt-out").isEqualTo(409);
      }
    }));
  }

  @Test
  @Order(8)
  public void theChannelCallsNothingButItsFakes() {
    assertThat(transport.refused()).as("attempts to leave loopback").isEmpty();
    assertThat(transport.calls()).as("the channel talked to its fakes").isNotEmpty();
    assertThat(transport.reachedOutside(fakeAddresses())).as("calls to anything but the fakes").isEmpty();
  }

  @Test
  @Order(9)
  public void noSecretTextOrNumberReachesALogLineOrTheDataFolder() throws IOException {
    // One more round trip, so this check has something to look at even when it runs alone.
    Lane lane = lane();
    Inbound message = inbound(lane, "please do not tell my family");
    deliver(message);
    long conversation = conversationWith(message.text());
    awaitAccepted(conversation, reply(conversation, text(lane, "nothing you say here is shared")));

    List<String> needles = needles();
    List<String> lines = logs.lines();
    assertThat(lines).as("log lines captured").isNotEmpty();
    List<String> leaks = new ArrayList<>();
    for (String line : lines) {
      for (String needle : needles) {
        if (line.contains(needle)) {
          leaks.add("a log line contains \"" + needle + "\": " + line);
        }
      }
      if (line.contains(apiToken)) {
        leaks.add("a log line contains the API token: " + line);
      }
    }
    assertThat(leaks).as("personal data or secrets in the logs").isEmpty();
    assertThat(PlaintextScanner.findAny(server.dataDir(), needles)).as("plaintext in the data folder").isEmpty();
  }

  // ============================================================================================ for subclasses

  /** The running server. */
  protected final TestSwitchboard server() {
    return server;
  }

  /** The JSON API, as the org's owner. */
  protected final TestHttp api() {
    return api;
  }

  /** The connector under test. */
  protected final long connectorId() {
    return connectorId;
  }

  /** The connector's webhook URL on the test server ({@code http://127.0.0.1:port/hooks/{token}}). */
  protected final URI webhookUrl() {
    return webhookUrl;
  }

  /** The channel type under test. */
  protected final String type() {
    return channel.descriptor().type();
  }

  // ============================================================================================ helpers

  /** One scenario's own hotline number (activated on the connector) and person. */
  private record Lane(int index, Address hotline, Address person) {}

  private Lane lane() {
    int index = lanes.getAndIncrement();
    Address hotline = hotline(index);
    Address person = person(index);
    personal.add(hotline.value());
    personal.add(person.value());
    TestHttp.Reply added = api.postJson("/api/v1/channels/" + connectorId + "/numbers",
        Map.of("address", hotline.uri(), "label", "Line " + index));
    assertThat(added.status()).as("activating a hotline number: %s", added.body()).isEqualTo(201);
    return new Lane(index, hotline, person);
  }

  private Inbound inbound(Lane lane, String what) {
    return new Inbound(serials.incrementAndGet(), lane.person(), lane.hotline(), text(lane, what));
  }

  /** A distinctive message text, remembered as personal data. */
  private String text(Lane lane, String what) {
    String text = "Conformance " + lane.index() + "-" + serials.incrementAndGet() + ": " + what;
    personal.add(text);
    return text;
  }

  private boolean webhooks() {
    return channel.descriptor().has(Capability.WEBHOOKS);
  }

  private void deliver(Inbound message) {
    if (webhooks()) {
      HttpResponse<String> answer = post(inboundWebhook(webhookUrl, message, Signing.VALID));
      assertThat(answer.statusCode()).as("a signed webhook is acknowledged: %s", answer.body()).isBetween(200, 299);
    } else {
      deliverInbound(message);
    }
  }

  private void refusedAndNothingStored(Signing signing) {
    Lane lane = lane();
    Inbound message = inbound(lane, "this must not be stored");
    List<Integer> before = counts();
    Webhook hook = webhooks() ? inboundWebhook(webhookUrl, message, signing)
        : Webhook.json(webhookUrl, "{\"message\":\"" + message.text() + "\"}", Map.of());
    HttpResponse<String> answer = post(hook);
    assertThat(answer.statusCode()).as("answer to a %s signature", signing).isBetween(400, 499);
    assertThat(counts()).as("messages, seen ids, contacts, conversations").isEqualTo(before);
    if (webhooks()) {
      // The refusal left no trace behind: the same message, signed, is taken.
      deliver(message);
      conversationWith(message.text());
    }
  }

  private List<Integer> counts() {
    return List.of(count(MESSAGES), count(INBOUND_SEEN), count(CONTACTS), count(CONVERSATIONS));
  }

  private int count(org.jooq.Table<?> table) {
    return server.server().database().read().fetchCount(table);
  }

  private HttpResponse<String> post(Webhook hook) {
    assertThat(hook.url().getRawPath()).as("webhooks go to the connector's URL")
        .startsWith(webhookUrl.getRawPath());
    URI target = server.baseUrl().resolve(hook.url().getRawPath()
        + (hook.url().getRawQuery() == null ? "" : "?" + hook.url().getRawQuery()));
    HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
        .method(hook.method(), hook.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(hook.body()));
    if (hook.body().length > 0) {
      request.header("Content-Type", hook.contentType());
    }
    hook.headers().forEach(request::header);
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("posting a webhook failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The id of the conversation whose newest message is {@code text}, once it is there. */
  private long conversationWith(String text) {
    long[] found = {-1};
    Waits.until(WAIT, () -> {
      for (JsonNode summary : api.get("/api/v1/conversations?view=all").json().get("conversations")) {
        if (text.equals(summary.get("preview").asText())) {
          found[0] = summary.get("id").asLong();
          return true;
        }
      }
      return false;
    });
    return found[0];
  }

  private JsonNode conversation(long id) {
    TestHttp.Reply reply = api.get("/api/v1/conversations/" + id);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  private JsonNode message(long conversation, long message) {
    for (JsonNode m : conversation(conversation).get("messages")) {
      if (m.get("id").asLong() == message) {
        return m;
      }
    }
    throw new AssertionError("message " + message + " is not in conversation " + conversation);
  }

  private long reply(long conversation, String text) {
    TestHttp.Reply reply = api.postJson("/api/v1/conversations/" + conversation + "/messages", Map.of("text", text));
    assertThat(reply.status()).as("reply: %s", reply.body()).isEqualTo(202);
    return reply.json().get("id").asLong();
  }

  /** Waits until the provider accepted a reply: its outbox row is gone and it did not fail. */
  private void awaitAccepted(long conversation, long message) {
    Waits.until(WAIT, () -> server.server().database().read()
        .fetchCount(OUTBOX, OUTBOX.MESSAGE_ID.eq(message)) == 0);
    JsonNode shown = message(conversation, message);
    assertThat(shown.get("status").asText()).as("reply status (%s)", shown.get("statusDetail"))
        .isNotEqualToIgnoringCase("failed");
  }

  /** Moves the clock past every pending send's next attempt (each number still sends at most at its rate). */
  private void bringRetriesDue() {
    Long latest = server.server().database().read().select(org.jooq.impl.DSL.max(OUTBOX.NEXT_ATTEMPT_AT))
        .from(OUTBOX).where(OUTBOX.STATE.eq("pending")).fetchOne(0, Long.class);
    if (latest != null) {
      clock.advanceTo(java.time.Instant.ofEpochMilli(latest));
    }
  }

  private List<String> needles() {
    Set<String> all = new LinkedHashSet<>(personal);
    all.addAll(personalValues());
    all.addAll(secrets());
    all.removeIf(s -> s == null || s.length() < 6);
    return List.copyOf(all);
  }
}
