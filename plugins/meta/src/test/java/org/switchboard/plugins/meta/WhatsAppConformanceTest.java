package org.switchboard.plugins.meta;

import java.net.URI;
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

/** The {@code whatsapp-cloud} channel type through the conformance kit, against the local fake Graph API. */
class WhatsAppConformanceTest extends ChannelConformanceTest {
  private static final String TOKEN = "EAAconformance-system-user-token-5b1e";
  private static final String APP_SECRET = "conformance-app-secret-93d1c7";
  private static final String VERIFY = "conformance-verify-token-41aa";
  private static final int NUMBERS = 200;

  private final FakeGraphApi fake = numbered(new FakeGraphApi(TOKEN, APP_SECRET, "102290129340398",
      "109876543210987", "1234567890123", "17841400000000001", VERIFY));

  private static FakeGraphApi numbered(FakeGraphApi fake) {
    for (int i = 0; i < NUMBERS; i++) {
      fake.addNumber(phoneNumberId(i), String.format("+1 555-020-%04d", i), "Conformance Line");
    }
    return fake;
  }

  private static String phoneNumberId(int index) {
    return String.valueOf(106540352200000L + index);
  }

  @AfterAll
  void closeFake() {
    fake.close();
  }

  @Override
  protected Channel createChannel(HttpTransport transport, Clock clock, Logger log) {
    return new WhatsAppChannel(transport, clock, log);
  }

  @Override
  protected Map<String, String> connectorSettings() {
    return Map.of("businessAccountId", fake.wabaId(), "accessToken", TOKEN, "appSecret", APP_SECRET,
        "verifyToken", VERIFY, "apiBaseUrl", fake.base().toString());
  }

  @Override
  protected Address hotline(int index) {
    return Address.whatsapp(String.format("+1555020%04d", index));
  }

  @Override
  protected Address person(int index) {
    return Address.whatsapp(String.format("+1555030%04d", index));
  }

  private FakeGraphApi.PhoneNumber number(Address hotline) {
    int index = Integer.parseInt(hotline.value().substring(hotline.value().length() - 4));
    return fake.number(phoneNumberId(index));
  }

  @Override
  protected Webhook inboundWebhook(URI webhookUrl, Inbound message, Signing signing) {
    String json = fake.whatsAppText("wamid.conformance" + message.serial(), message.from().value().substring(1),
        number(message.to()), "Conformance Person", message.text());
    return Webhook.json(webhookUrl, json, switch (signing) {
      case VALID -> Map.of(HubSignature.HEADER, fake.signature(json));
      case MISSING -> Map.of();
      case WRONG -> Map.of(HubSignature.HEADER, HubSignature.sign("not-the-app-secret".getBytes(),
          json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    });
  }

  /** Status words are Meta's {@code status}, with {@code :code} for {@code errors[0].code}. */
  @Override
  protected List<StatusCase> statusCases() {
    return List.of(
        StatusCase.of("sent", DeliveryStatus.SENT),
        StatusCase.of("delivered", DeliveryStatus.DELIVERED),
        StatusCase.of("read", DeliveryStatus.READ),
        StatusCase.of("failed:131026", DeliveryStatus.FAILED),
        StatusCase.of("failed:131047", DeliveryStatus.FAILED));
  }

  @Override
  protected Webhook statusWebhook(URI webhookUrl, SentMessage sent, StatusCase status) {
    String[] word = status.providerStatus().split(":", 2);
    String json = fake.whatsAppStatus(sent.providerMessageId(), word[0], sent.person().value().substring(1),
        number(sent.hotline()), word.length > 1 ? Integer.valueOf(word[1]) : null);
    return Webhook.json(webhookUrl, json, Map.of(HubSignature.HEADER, fake.signature(json)));
  }

  @Override
  protected List<SendFailure> sendFailures() {
    return List.of(
        fails("HTTP 401, 190 token expired", FailureKind.CONFIG, FakeGraphApi.tokenExpired()),
        fails("HTTP 400, 131047 window closed", FailureKind.REJECTED,
            FakeGraphApi.error(400, 131047, "Re-engagement message")),
        fails("HTTP 400, 131026 undeliverable", FailureKind.REJECTED,
            FakeGraphApi.error(400, 131026, "Message Undeliverable")),
        fails("HTTP 429, 130429 rate limit", FailureKind.THROTTLED,
            FakeGraphApi.error(429, 130429, "Rate limit hit")),
        fails("HTTP 400, 80007 account rate limit", FailureKind.THROTTLED,
            FakeGraphApi.error(400, 80007, "Rate limit issues")),
        fails("HTTP 503", FailureKind.BAD_RESPONSE, FakeProvider.json(503, "{}")),
        fails("200 without a message id", FailureKind.BAD_RESPONSE,
            FakeProvider.json(200, "{\"messaging_product\":\"whatsapp\",\"messages\":[]}")),
        fails("connection dropped", FailureKind.CONNECTION, FakeProvider.drop()));
  }

  private SendFailure fails(String label, FailureKind kind, FakeProvider.Reply reply) {
    return SendFailure.of(label, kind, person -> fake.failSendsTo(person.value().substring(1), reply));
  }

  @Override
  protected String providerMessageIdSentTo(Address person) {
    return fake.sentTo(person.value().substring(1)).orElseThrow().id();
  }

  @Override
  protected List<String> secrets() {
    return fake.secrets();
  }

  @Override
  protected List<String> personalValues() {
    return List.of("Conformance Person");
  }

  @Override
  protected List<URI> fakeAddresses() {
    return List.of(fake.base());
  }
}
