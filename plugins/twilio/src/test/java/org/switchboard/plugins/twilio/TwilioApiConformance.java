package org.switchboard.plugins.twilio;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.switchboard.api.Address;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.FailureKind;
import org.switchboard.testkit.conformance.ChannelConformanceTest;
import org.switchboard.testkit.conformance.Inbound;
import org.switchboard.testkit.conformance.SendFailure;
import org.switchboard.testkit.conformance.SentMessage;
import org.switchboard.testkit.conformance.Signing;
import org.switchboard.testkit.conformance.StatusCase;
import org.switchboard.testkit.conformance.Webhook;
import org.switchboard.testkit.fakes.FakeProvider;
import org.switchboard.testkit.twilio.FakeTwilio;

/**
 * The conformance kit's tables for the Twilio family (Twilio and SignalWire share the 2010-04-01 Messaging API):
 * webhooks signed as the provider signs them, its status words and its error answers.
 */
abstract class TwilioApiConformance extends ChannelConformanceTest {
  protected final FakeTwilio fake;

  TwilioApiConformance(FakeTwilio fake) {
    this.fake = fake;
  }

  @AfterAll
  void closeFake() {
    fake.close();
  }

  @Override
  protected Address hotline(int index) {
    return Address.phone(String.format("+1555020%04d", index));
  }

  @Override
  protected Address person(int index) {
    return Address.phone(String.format("+1555030%04d", index));
  }

  @Override
  protected Webhook inboundWebhook(URI webhookUrl, Inbound message, Signing signing) {
    Map<String, String> form = fake.inboundSms(fake.sid(message.serial()), message.from().value(),
        message.to().value(), message.text());
    return Webhook.form(webhookUrl, form, switch (signing) {
      case VALID -> Map.of(fake.signatureHeader(), fake.signature(webhookUrl.toString(), form));
      case MISSING -> Map.of();
      case WRONG -> Map.of(fake.signatureHeader(), FakeTwilio.sign("not-the-signing-key", webhookUrl.toString(), form));
    });
  }

  /** Status words are Twilio's {@code MessageStatus}, with {@code :code} for an {@code ErrorCode}. */
  @Override
  protected List<StatusCase> statusCases() {
    return List.of(
        StatusCase.of("sent", DeliveryStatus.SENT),
        StatusCase.of("delivered", DeliveryStatus.DELIVERED),
        StatusCase.of("read", DeliveryStatus.READ),
        StatusCase.of("undelivered:30003", DeliveryStatus.FAILED));
  }

  @Override
  protected Webhook statusWebhook(URI webhookUrl, SentMessage sent, StatusCase status) {
    String[] word = status.providerStatus().split(":", 2);
    Map<String, String> form = fake.status(sent.providerMessageId(), word[0], word.length > 1 ? word[1] : null,
        sent.person().value(), sent.hotline().value());
    URI statusUrl = URI.create(webhookUrl + "/status");
    return Webhook.form(statusUrl, form, Map.of(fake.signatureHeader(), fake.signature(statusUrl.toString(), form)));
  }

  @Override
  protected List<SendFailure> sendFailures() {
    return List.of(
        fails("HTTP 401, 20003", FailureKind.CONFIG, FakeTwilio.error(401, 20003, "Authenticate")),
        fails("HTTP 400, 21211", FailureKind.REJECTED,
            FakeTwilio.error(400, 21211, "The 'To' number is not a valid phone number.")),
        fails("HTTP 400, 21610", FailureKind.OPTED_OUT,
            FakeTwilio.error(400, 21610, "Attempt to send to unsubscribed recipient")),
        fails("HTTP 429, 20429", FailureKind.THROTTLED, FakeTwilio.error(429, 20429, "Too Many Requests")),
        fails("HTTP 503", FailureKind.BAD_RESPONSE, FakeProvider.json(503, "{}")),
        fails("201 without a sid", FailureKind.BAD_RESPONSE, FakeProvider.json(201, "{\"status\":\"queued\"}")),
        fails("connection dropped", FailureKind.CONNECTION, FakeProvider.drop()));
  }

  private SendFailure fails(String label, FailureKind kind, FakeProvider.Reply reply) {
    return SendFailure.of(label, kind, person -> fake.failSendsTo(person.value(), reply));
  }

  @Override
  protected String providerMessageIdSentTo(Address person) {
    return fake.sentTo(person.value()).orElseThrow().sid();
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
