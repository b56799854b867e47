package org.switchboard.plugins.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.plugins.signal.Fixtures.CONTACT_NUMBER;
import static org.switchboard.plugins.signal.Fixtures.CONTACT_UUID;
import static org.switchboard.plugins.signal.Fixtures.HOTLINE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.Address;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.FailureKind;
import org.switchboard.api.OutboundMedia;
import org.switchboard.api.OutboundMessage;
import org.switchboard.api.SendResult;
import org.switchboard.testkit.fakes.RecordingTransport;
import org.switchboard.testkit.signal.FakeSignalBridge;

/** Sending through {@code POST /v2/send} of the fake bridge: the exact request, both answer shapes, every error. */
class SendTest {
  private static final Address FROM = new Address(Address.SIGNAL, HOTLINE);
  private static final Address TO = new Address(Address.SIGNAL, CONTACT_UUID);
  private static final String TEXT = "fixture: we are here for you";

  private final ObjectMapper json = new ObjectMapper();
  private final FakeSignalBridge bridge = new FakeSignalBridge().addAccount(HOTLINE);
  private final RecordingTransport transport = new RecordingTransport();
  private final CapturingLogger log = new CapturingLogger();
  private final SignalChannel channel = new SignalChannel(transport, Fixtures.CLOCK, log, Fixtures.FAST);

  @BeforeEach
  void start() {
    bridge.start();
  }

  @AfterEach
  void stop() {
    bridge.stop();
  }

  private SendResult send(OutboundMessage message) {
    return channel.send(message, Fixtures.config(bridge.baseUrl()));
  }

  private SendResult sendText() {
    return send(OutboundMessage.text("out-1", FROM, TO, TEXT));
  }

  private JsonNode lastRequest() throws Exception {
    List<String> sent = bridge.sentRequests();
    return json.readTree(sent.get(sent.size() - 1));
  }

  @Test
  void textMessageRequestAndReleasedAnswer() throws Exception {
    SendResult result = sendText();

    assertThat(result).isEqualTo(new SendResult.Accepted(String.valueOf(bridge.lastSendTimestamp()),
        DeliveryStatus.SENT));
    assertThat(lastRequest()).isEqualTo(json.readTree(
        "{\"number\":\"+15550001000\",\"recipients\":[\"" + CONTACT_UUID + "\"],\"message\":\"" + TEXT + "\"}"));
    FakeSignalBridge.RecordedRequest request = bridge.requests("POST", "/v2/send").get(0);
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void arrayShapeAnswer() {
    bridge.respondWithArrayShape(true);

    SendResult result = sendText();

    assertThat(result).isEqualTo(SendResult.accepted(String.valueOf(bridge.lastSendTimestamp())));
  }

  @Test
  void attachmentsGoAsDataUrisWithFileNames() throws Exception {
    byte[] png = FakeSignalBridge.tinyPng();
    byte[] pdf = "%PDF-1.4 fixture".getBytes(StandardCharsets.US_ASCII);
    OutboundMessage message = new OutboundMessage("out-2", FROM, new Address(Address.SIGNAL, CONTACT_NUMBER), "",
        List.of(new OutboundMedia("image/png", "map.png", png, URI.create("https://h/m/1")),
            new OutboundMedia("application/pdf", "our; leaflet,v2.pdf", pdf, URI.create("https://h/m/2"))),
        Optional.empty(), Optional.empty(), Optional.empty());

    assertThat(send(message)).isInstanceOf(SendResult.Accepted.class);

    JsonNode request = lastRequest();
    assertThat(request.get("recipients").get(0).asText()).isEqualTo(CONTACT_NUMBER);
    assertThat(request.get("message").asText()).isEmpty();
    assertThat(request.get("base64_attachments")).containsExactly(
        json.getNodeFactory().textNode("data:image/png;filename=map.png;base64,"
            + Base64.getEncoder().encodeToString(png)),
        json.getNodeFactory().textNode("data:application/pdf;filename=our__leaflet_v2.pdf;base64,"
            + Base64.getEncoder().encodeToString(pdf)));
  }

  @Test
  void quotesNameTheTimestampAndAuthor() throws Exception {
    OutboundMessage theirs = new OutboundMessage("out-3", FROM, TO, TEXT, List.of(), Optional.empty(),
        Optional.empty(), Optional.of(CONTACT_UUID + ":1785492000000"));
    OutboundMessage ours = new OutboundMessage("out-4", FROM, TO, TEXT, List.of(), Optional.empty(),
        Optional.empty(), Optional.of("1700812896656"));

    send(theirs);
    JsonNode quoteOfTheirs = lastRequest();
    send(ours);
    JsonNode quoteOfOurs = lastRequest();

    assertThat(quoteOfTheirs.get("quote_timestamp").asLong()).isEqualTo(1785492000000L);
    assertThat(quoteOfTheirs.get("quote_author").asText()).isEqualTo(CONTACT_UUID);
    assertThat(quoteOfOurs.get("quote_timestamp").asLong()).isEqualTo(1700812896656L);
    assertThat(quoteOfOurs.get("quote_author").asText()).isEqualTo(HOTLINE);
  }

  @Test
  void recipientUnregisteredInTheArrayShape() {
    bridge.failNextSendForRecipient("UNREGISTERED_FAILURE");

    SendResult result = sendText();

    assertThat(result).isEqualTo(SendResult.failed(FailureKind.REJECTED, "UNREGISTERED_FAILURE",
        "the recipient is not registered with Signal"));
  }

  @Test
  void identityFailureInTheArrayShape() {
    bridge.failNextSendForRecipient("IDENTITY_FAILURE");

    assertThat(sendText()).isEqualTo(SendResult.failed(FailureKind.REJECTED, "identity",
        "the contact's safety number changed; verify it, then trust it in the bridge"));
  }

  @Test
  void untrustedIdentity400() {
    bridge.failNextSendWith(400, Fixtures.read("send-error-400-untrusted.json"));
    bridge.failNextSendWith(400, Fixtures.read("send-error-400-untrusted-legacy.json"));

    SendResult expected = SendResult.failed(FailureKind.REJECTED, "identity",
        "the contact's safety number changed; verify it, then trust it in the bridge");
    assertThat(sendText()).isEqualTo(expected);
    assertThat(sendText()).isEqualTo(expected);
  }

  @Test
  void other400IsRejectedWithoutEchoingNumbersOrIds() {
    bridge.failNextSendWith(400, Fixtures.read("send-error-400-other.json"));

    SendResult result = sendText();

    assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class, failed -> {
      assertThat(failed.kind()).isEqualTo(FailureKind.REJECTED);
      assertThat(failed.providerCode()).contains("http-400");
      assertThat(failed.reason()).startsWith("the Signal bridge refused the message: Failed to send message")
          .doesNotContain(CONTACT_NUMBER).doesNotContain("5550001001").doesNotContain(CONTACT_UUID);
    });
  }

  @Test
  void hotlineNumberNotRegisteredIsAConfigFailure() {
    bridge.failNextSendWith(400, Fixtures.read("send-error-400-not-registered.json"));

    SendResult result = sendText();

    assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class, failed -> {
      assertThat(failed.kind()).isEqualTo(FailureKind.CONFIG);
      assertThat(failed.reason()).doesNotContain(HOTLINE);
    });
  }

  @Test
  void rateLimitWithChallengeTokens() {
    bridge.rateLimitNextSend("ae19341a-839a-4b9a-9019-863775ae2630");

    SendResult result = sendText();

    assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class, failed -> {
      assertThat(failed.kind()).isEqualTo(FailureKind.THROTTLED);
      assertThat(failed.retryable()).isTrue();
      assertThat(failed.providerCode()).contains("challenge");
      assertThat(failed.reason()).contains("captcha");
    });
  }

  @Test
  void rateLimitWithEmptyTokens() {
    bridge.rateLimitNextSend("");

    assertThat(sendText()).isInstanceOfSatisfying(SendResult.Failed.class, failed -> {
      assertThat(failed.kind()).isEqualTo(FailureKind.THROTTLED);
      assertThat(failed.providerCode()).contains("rate-limit");
    });
  }

  @Test
  void serverErrorIsABadResponse() {
    bridge.failNextSendWith(500, Fixtures.read("send-error-500.json"));

    assertThat(sendText()).isInstanceOfSatisfying(SendResult.Failed.class, failed -> {
      assertThat(failed.kind()).isEqualTo(FailureKind.BAD_RESPONSE);
      assertThat(failed.retryable()).isTrue();
    });
  }

  @Test
  void successWithoutATimestampIsABadResponse() {
    bridge.failNextSendWith(201, "{\"unexpected\":true}");

    assertThat(sendText()).isInstanceOfSatisfying(SendResult.Failed.class,
        failed -> assertThat(failed.kind()).isEqualTo(FailureKind.BAD_RESPONSE));
  }

  @Test
  void bridgeDownIsAConnectionFailure() {
    bridge.stop();

    SendResult result = sendText();

    assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class, failed -> {
      assertThat(failed.kind()).isEqualTo(FailureKind.CONNECTION);
      assertThat(failed.retryable()).isTrue();
    });
  }

  @Test
  void wrongUrlIsAConfigFailure() {
    SendResult result = channel.send(OutboundMessage.text("out-5", FROM, TO, TEXT),
        Fixtures.config(URI.create(bridge.baseUrl() + "/not-the-bridge")));

    assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class,
        failed -> assertThat(failed.kind()).isEqualTo(FailureKind.CONFIG));
  }

  @Test
  void nonSignalRecipientIsRejectedWithoutACall() {
    SendResult result = send(OutboundMessage.text("out-6", FROM, Address.phone(CONTACT_NUMBER), TEXT));

    assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class,
        failed -> assertThat(failed.kind()).isEqualTo(FailureKind.REJECTED));
    assertThat(bridge.sentRequests()).isEmpty();
  }
}
