package org.switchboard.plugins.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelException;
import org.switchboard.api.InboundRequest;
import org.switchboard.api.MediaRef;
import org.switchboard.api.OutboundMessage;
import org.switchboard.testkit.fakes.FakeProvider;
import org.switchboard.testkit.fakes.RecordingTransport;

/**
 * Runs every kind of call with personal data and secrets in play, then checks that no log line and no
 * {@code toString()} of what came back shows a secret, a phone number or user id, a message id or message text.
 */
class NoPersonalDataTest {
  private static final String V = "/v25.0";
  private static final List<String> FORBIDDEN = List.of(Fixtures.TOKEN, Fixtures.APP_SECRET, Fixtures.VERIFY,
      "15550100100", "5550100199", "555-010-0199", "7350000000000001", "1234567890123456", "US.1349",
      "wamid.", "m_AG5", "aWdf", "Hello there", "I need help", "We can help", "Sam Doe", "Alex Doe", "lease.pdf",
      "Main Street");

  @Test
  void nothingPersonalOrSecretIsLoggedOrPrinted() throws Exception {
    RecordingLogger log = new RecordingLogger();
    List<Object> outcomes = new ArrayList<>();
    try (FakeProvider fake = Fixtures.fake()) {
      WhatsAppChannel whatsApp = new WhatsAppChannel(new RecordingTransport(), Fixtures.CLOCK, log,
          Duration.ofSeconds(1), Duration.ofSeconds(1));
      MessengerChannel messenger = new MessengerChannel(new RecordingTransport(), Fixtures.CLOCK, log,
          Duration.ofSeconds(1), Duration.ofSeconds(1));
      ChannelConfig wa = Fixtures.whatsApp(fake.base());
      ChannelConfig ms = Fixtures.messenger(fake.base());
      outcomes.add(wa);
      outcomes.add(WhatsAppAccount.of(wa));
      outcomes.add(MessengerAccount.of(ms));

      for (String payload : List.of("wa-text.json", "wa-batch.json", "wa-image.json", "wa-document.json",
          "wa-location.json", "wa-contacts.json", "wa-reaction.json", "wa-unsupported.json", "wa-bsuid.json",
          "wa-group.json", "wa-status-failed-131047.json", "wa-status-deleted.json", "wa-reply-to.json")) {
        outcomes.add(whatsApp.receive(Fixtures.signed(payload), wa));
        byte[] body = Fixtures.text(payload).getBytes(StandardCharsets.UTF_8);
        outcomes.add(whatsApp.receive(new InboundRequest("POST", Fixtures.WEBHOOK,
            Map.of(HubSignature.HEADER, List.of(Fixtures.sign("wrong", body))), body, ""), wa));
      }
      for (String payload : List.of("ms-text.json", "ms-image.json", "ms-reaction.json", "ms-edit.json",
          "ig-text.json", "ms-delivery.json")) {
        outcomes.add(messenger.receive(Fixtures.signed(payload), ms));
      }
      outcomes.add(whatsApp.receive(new InboundRequest("GET", URI.create(Fixtures.WEBHOOK
          + "?hub.mode=subscribe&hub.challenge=1&hub.verify_token=" + Fixtures.VERIFY), Map.of(), null, ""), wa));

      fake.on("GET", V + "/" + Fixtures.WABA + "/phone_numbers", Fixtures.reply(200, "wa-phone-numbers.json"))
          .on("GET", V + "/" + Fixtures.WABA + "/subscribed_apps", Fixtures.reply(200, "wa-subscribed-apps.json"))
          .on("GET", V + "/" + Fixtures.WABA + "/message_templates", Fixtures.reply(200, "wa-templates.json"))
          .on("POST", V + "/" + Fixtures.PHONE_NUMBER_ID + "/messages", Fixtures.reply(200, "wa-send-response.json"))
          .on("POST", V + "/" + Fixtures.PAGE + "/messages", Fixtures.reply(200, "ms-send-response.json"));
      OutboundMessage text = OutboundMessage.text("out-1", Address.whatsapp("+15550100199"),
          Address.whatsapp("+15550100100"), "We can help, Sam Doe");
      outcomes.add(text);
      outcomes.add(whatsApp.send(text, wa));
      outcomes.add(whatsApp.send(text.withTemplate(new OutboundMessage.Template("follow_up", "en_US",
          Map.of("header.1", "Sam Doe", "body.1", "I need help"))), wa));
      outcomes.add(whatsApp.send(text.withLastInboundAt(Fixtures.NOW.minus(Duration.ofDays(2))), wa));
      for (String error : List.of("wa-error-131047.json", "wa-error-100-recipient.json", "wa-error-190.json")) {
        fake.on("POST", V + "/" + Fixtures.PHONE_NUMBER_ID + "/messages", Fixtures.reply(400, error));
        outcomes.add(whatsApp.send(text, wa));
      }
      outcomes.add(messenger.send(OutboundMessage.text("out-2", new Address("messenger", Fixtures.PAGE),
          new Address("messenger", "7350000000000001"), "We can help"), ms));
      outcomes.addAll(whatsApp.numbers().orElseThrow().list(wa));
      outcomes.addAll(whatsApp.templates().orElseThrow().list(wa, Address.whatsapp("+15550100199")));
      try {
        messenger.numbers().orElseThrow().list(ms);
      } catch (ChannelException e) {
        outcomes.add(e.getMessage());
      }
      fake.on("GET", V + "/" + Fixtures.WABA, Fixtures.reply(401, "wa-error-190.json"));
      outcomes.add(whatsApp.check(wa));
      outcomes.add(whatsApp.fetchMedia(new MediaRef("1003383421387257", Optional.of("application/pdf"),
          Optional.of("lease.pdf")), wa, 100));
    }

    assertThat(log.lines()).as("something was logged").isNotEmpty();
    for (String line : log.lines()) {
      assertThat(line).doesNotContain(FORBIDDEN);
    }
    for (Object outcome : outcomes) {
      assertThat(String.valueOf(outcome)).as(outcome.getClass().getSimpleName()).doesNotContain(FORBIDDEN);
    }
  }
}
