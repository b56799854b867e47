package org.switchboard.plugins.meta;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.slf4j.Logger;
import org.switchboard.api.Address;
import org.switchboard.api.Channel;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.FailureKind;
import org.switchboard.api.HttpTransport;
import org.switchboard.testkit.conformance.ChannelConformanceTest;
import org.switchboard.testkit.conformance.Inbound;
import org.switchboard.testkit.conformance.SendFailure;
import org.switchboard.testkit.conformance.SentMessage;
import org.switchboard.testkit.conformance.Signing;
import org.switchboard.testkit.conformance.StatusCase;
import org.switchboard.testkit.conformance.Webhook;
import org.switchboard.testkit.fakes.FakeProvider;

/**
 * The {@code messenger} channel type through the conformance kit, against the local fake Graph API. Each lane is
 * one more Page-scoped line of the kit; replies all go through the connector's Page, as Meta's Send API does.
 */
class MessengerConformanceTest extends ChannelConformanceTest {
  private static final String TOKEN = "EAAconformance-page-token-77c2d0";
  private static final String APP_SECRET = "conformance-app-secret-5e8f21";
  private static final String VERIFY = "conformance-verify-token-c3b9";
  private static final String APP_ID = "1234567890123";

  private final FakeGraphApi fake = new FakeGraphApi(TOKEN, APP_SECRET, "102290129340398", "109876543210987",
      APP_ID, "17841400000000001", VERIFY);

  @AfterAll
  void closeFake() {
    fake.close();
  }

  @Override
  protected Channel createChannel(HttpTransport transport, Clock clock, Logger log) {
    return new MessengerChannel(transport, clock, log);
  }

  @Override
  protected Map<String, String> connectorSettings() {
    return Map.of("pageId", fake.pageId(), "pageAccessToken", TOKEN, "appId", APP_ID, "appSecret", APP_SECRET,
        "verifyToken", VERIFY, "apiBaseUrl", fake.base().toString());
  }

  @Override
  protected Address hotline(int index) {
    return new Address("messenger", String.valueOf(109876543200000L + index));
  }

  @Override
  protected Address person(int index) {
    return new Address("messenger", String.valueOf(7350000000000000L + index));
  }

  @Override
  protected Webhook inboundWebhook(URI webhookUrl, Inbound message, Signing signing) {
    String json = fake.messaging("page", message.from().value(), message.to().value(),
        "\"message\":{\"mid\":\"m_conformance" + message.serial() + "\",\"text\":"
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(message.text()) + "}");
    return Webhook.json(webhookUrl, json, switch (signing) {
      case VALID -> Map.of(HubSignature.HEADER, fake.signature(json));
      case MISSING -> Map.of();
      case WRONG -> Map.of(HubSignature.HEADER, HubSignature.sign("not-the-app-secret".getBytes(
          StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)));
    });
  }

  @Override
  protected List<StatusCase> statusCases() {
    return List.of(StatusCase.of("delivery", DeliveryStatus.DELIVERED));
  }

  @Override
  protected Webhook statusWebhook(URI webhookUrl, SentMessage sent, StatusCase status) {
    String json = fake.messaging("page", sent.person().value(), sent.hotline().value(),
        "\"delivery\":{\"mids\":[\"" + sent.providerMessageId() + "\"],\"watermark\":1767261700000}");
    return Webhook.json(webhookUrl, json, Map.of(HubSignature.HEADER, fake.signature(json)));
  }

  @Override
  protected List<SendFailure> sendFailures() {
    return List.of(
        fails("HTTP 401, 190 token expired", FailureKind.CONFIG, FakeGraphApi.tokenExpired()),
        fails("HTTP 400, 10/2018278 outside the window", FailureKind.REJECTED, FakeProvider.json(400,
            "{\"error\":{\"message\":\"(#10) This message is sent outside of allowed window.\",\"type\":"
                + "\"OAuthException\",\"code\":10,\"error_subcode\":2018278,\"fbtrace_id\":\"AbC\"}}")),
        fails("HTTP 400, 551 unavailable", FailureKind.REJECTED,
            FakeGraphApi.error(400, 551, "This person isn't available right now.")),
        fails("HTTP 400, 613 rate", FailureKind.THROTTLED, FakeGraphApi.error(400, 613, "Calls to this api have "
            + "exceeded the rate limit.")),
        fails("HTTP 500", FailureKind.BAD_RESPONSE, FakeProvider.json(500, "{}")),
        fails("connection dropped", FailureKind.CONNECTION, FakeProvider.drop()));
  }

  private SendFailure fails(String label, FailureKind kind, FakeProvider.Reply reply) {
    return SendFailure.of(label, kind, person -> fake.failSendsTo(person.value(), reply));
  }

  @Override
  protected String providerMessageIdSentTo(Address person) {
    return fake.sentTo(person.value()).orElseThrow().id();
  }

  @Override
  protected List<String> secrets() {
    return fake.secrets();
  }

  @Override
  protected List<URI> fakeAddresses() {
    return List.of(fake.base());
  }
}
