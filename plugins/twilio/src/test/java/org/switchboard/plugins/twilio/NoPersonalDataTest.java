package org.switchboard.plugins.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.plugins.twilio.Fixtures.ACCOUNT_SID;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelException;
import org.switchboard.api.InboundRequest;
import org.switchboard.api.MediaRef;
import org.switchboard.api.OutboundMessage;
import org.switchboard.api.ProviderNumber;
import org.switchboard.testkit.fakes.FakeProvider;
import org.switchboard.testkit.fakes.RecordingTransport;

/**
 * Runs every kind of call with personal data and secrets in play, then checks that no log line and no
 * {@code toString()} of what came back shows a secret, a phone number or message text.
 */
class NoPersonalDataTest {
  private static final String ACCOUNT = "/2010-04-01/Accounts/" + ACCOUNT_SID;
  private static final List<String> FORBIDDEN = List.of(
      Fixtures.AUTH_TOKEN, Fixtures.API_TOKEN, Fixtures.SIGNING_KEY,
      Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + Fixtures.AUTH_TOKEN).getBytes(StandardCharsets.UTF_8)),
      "5555550100", "5555550199", "5555550198", "555-0198", "555 0199", "US.1234567890",
      "Hello there", "I need help", "Yes, please", "Can we talk");

  @Test
  void nothingPersonalOrSecretIsLoggedOrPrinted() throws Exception {
    RecordingLogger log = new RecordingLogger();
    List<Object> outcomes = new ArrayList<>();
    try (FakeProvider fake = Fixtures.fake()) {
      TwilioChannel twilio = new TwilioChannel(new RecordingTransport(), Fixtures.CLOCK, log,
          Duration.ofSeconds(1), Duration.ofSeconds(1));
      SignalWireChannel signalWire = new SignalWireChannel(new RecordingTransport(), Fixtures.CLOCK, log,
          Duration.ofSeconds(1), Duration.ofSeconds(1));
      ChannelConfig config = Fixtures.twilio(fake.base(), fake.base());
      ChannelConfig swConfig = Fixtures.signalWire(fake.base());
      outcomes.add(twilio);
      outcomes.add(signalWire);
      outcomes.add(config);
      outcomes.add(twilio.account(config));
      outcomes.add(signalWire.account(swConfig));

      for (String payload : List.of("sms-inbound.form", "whatsapp-inbound.form", "whatsapp-button.form",
          "whatsapp-from-bsuid.form", "mms-inbound.form", "sms-missing-from.form", "sms-other-account.form")) {
        outcomes.add(twilio.receive(signed(payload, "", Fixtures.AUTH_TOKEN, "X-Twilio-Signature"), config));
        outcomes.add(twilio.receive(signed(payload, "", "wrong", "X-Twilio-Signature"), config));
      }
      for (String payload : List.of("status-failed-21610.form", "status-failed-63016.form", "status-invalid.form")) {
        outcomes.add(twilio.receive(signed(payload, "status", Fixtures.AUTH_TOKEN, "X-Twilio-Signature"), config));
      }
      outcomes.add(signalWire.receive(signed("signalwire-sms-inbound.form", "", Fixtures.SIGNING_KEY,
          "X-SignalWire-Signature"), swConfig));

      OutboundMessage message = OutboundMessage.text("out-1", Address.phone("+15555550199"),
          Address.phone("+15555550100"), "Hello there, I need help");
      OutboundMessage whatsapp = OutboundMessage.text("out-2", Address.whatsapp("+15555550199"),
          Address.whatsapp("+15555550100"), "Hello there, I need help");
      outcomes.add(message);
      fake.on("POST", ACCOUNT + "/Messages.json", Fixtures.reply(201, "send-201.json"));
      outcomes.add(twilio.send(message, config));
      for (String error : List.of("send-error-21656.json", "send-error-21211.json", "send-error-21610.json")) {
        fake.on("POST", ACCOUNT + "/Messages.json", Fixtures.reply(400, error));
        outcomes.add(twilio.send(whatsapp, config));
      }
      fake.on("POST", ACCOUNT + "/Messages.json", Fixtures.reply(401, "send-error-20003.json"));
      outcomes.add(twilio.send(message, config));
      fake.on("POST", ACCOUNT + "/Messages.json",
          Fixtures.reply(201, "send-201.json").delayed(Duration.ofSeconds(4)));
      outcomes.add(twilio.send(message, config));

      fake.on("GET", ACCOUNT + ".json", Fixtures.reply(200, "account.json"));
      outcomes.add(twilio.check(config));
      fake.on("GET", ACCOUNT + ".json", Fixtures.reply(401, "send-error-20003.json"));
      outcomes.add(twilio.check(config));

      fake.on("GET", ACCOUNT + "/IncomingPhoneNumbers.json", Fixtures.reply(200, "numbers-page2.json"))
          .on("GET", ACCOUNT + "/IncomingPhoneNumbers.json?PageSize=100",
              Fixtures.reply(200, "numbers-page1.json"))
          .on("GET", "/v2/Channels/Senders", Fixtures.reply(200, "senders.json"));
      List<ProviderNumber> numbers = twilio.numbers().orElseThrow().list(config);
      outcomes.addAll(numbers);
      try {
        twilio.numbers().orElseThrow().setWebhook(config, numbers.get(1), Fixtures.WEBHOOK);
      } catch (ChannelException e) {
        outcomes.add(e.getMessage());
      }

      fake.on("GET", "/media/1", FakeProvider.bytes(200, "image/jpeg", "Hello there".getBytes()));
      outcomes.add(twilio.fetchMedia(MediaRef.of(fake.base() + "/media/1", "image/jpeg"), config, 100));
      outcomes.add(twilio.fetchMedia(MediaRef.of(fake.base() + "/media/1", "image/jpeg"), config, 3));
    }

    assertThat(log.lines()).as("something was logged").isNotEmpty();
    assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("send out-1 accepted as SM"));
    for (String line : log.lines()) {
      assertThat(line).doesNotContain(FORBIDDEN);
    }
    for (Object outcome : outcomes) {
      assertThat(String.valueOf(outcome)).as(outcome.getClass().getSimpleName()).doesNotContain(FORBIDDEN);
    }
  }

  private static InboundRequest signed(String payload, String subPath, String key, String header) {
    String body = Fixtures.text(payload);
    String url = Fixtures.WEBHOOK + (subPath.isEmpty() ? "" : "/" + subPath);
    String signature = Fixtures.sign(key, url, InboundRequest.decodeParams(body));
    return new InboundRequest("POST", URI.create(url), Map.of(header, List.of(signature)),
        body.getBytes(StandardCharsets.UTF_8), subPath);
  }
}
