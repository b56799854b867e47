package org.switchboard.plugins.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.plugins.twilio.Fixtures.ACCOUNT_SID;
import static org.switchboard.plugins.twilio.Fixtures.AUTH_TOKEN;
import static org.switchboard.plugins.twilio.Fixtures.NOW;
import static org.switchboard.plugins.twilio.Fixtures.SIGNING_KEY;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.switchboard.api.Address;
import org.switchboard.api.Channel;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.InboundEvent;
import org.switchboard.api.InboundEvent.ConsentChange;
import org.switchboard.api.InboundEvent.InboundMessage;
import org.switchboard.api.InboundEvent.StatusUpdate;
import org.switchboard.api.InboundRequest;
import org.switchboard.api.InboundResult;
import org.switchboard.api.MediaRef;
import org.switchboard.testkit.fakes.RecordingTransport;

/**
 * Webhooks, table-driven in the style of courier's handler tests: each row is a payload file, how it is signed,
 * and what the channel must make of it.
 */
class TwilioWebhookTest {
  private static final String HOOK = "https://hotline.example.org/hooks/tok3n";
  private static final String SM = "SM0123456789abcdef0123456789abcdef";
  private static final String SW_SID = "0a059168-ead0-41af-9d1f-343dae832527";
  private static final Address PERSON = Address.phone("+15555550100");
  private static final Address HOTLINE = Address.phone("+15555550199");
  private static final Address WA_PERSON = Address.whatsapp("+15555550100");
  private static final Address WA_HOTLINE = Address.whatsapp("+15555550199");
  private static final String TEXT = "Hello there, I need help";
  private static final String TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

  /** How a row's request is signed. */
  enum Signing {
    /** Over the request's public URL, in X-Twilio-Signature (Twilio) or X-SignalWire-Signature (SignalWire). */
    VALID,
    /** Over the URL with ":443" added, while the request URL has none. */
    WITH_DEFAULT_PORT,
    /** Over the URL without ":443", while the request URL has it. */
    WITHOUT_DEFAULT_PORT,
    /** SignalWire request carrying the signature in X-Twilio-Signature. */
    TWILIO_HEADER,
    /** With another key. */
    WRONG_KEY,
    /** Valid, then one parameter changed in the body. */
    TAMPERED,
    /** No signature header at all. */
    MISSING
  }

  record Row(String label, String provider, String payload, String url, String subPath, Signing signing,
      int status, String reason, List<InboundEvent> events) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Row accepted(String label, String payload, String subPath, InboundEvent... events) {
    return new Row(label, "twilio", payload, HOOK + (subPath.isEmpty() ? "" : "/" + subPath), subPath,
        Signing.VALID, 200, "", List.of(events));
  }

  static Row rejected(String label, String payload, String subPath, Signing signing, int status, String reason) {
    return new Row(label, "twilio", payload, HOOK + (subPath.isEmpty() ? "" : "/" + subPath), subPath, signing,
        status, reason, List.of());
  }

  static InboundMessage message(Address from, Address to, Optional<String> name, String text, MediaRef... media) {
    return new InboundMessage(SM, from, to, name, text, List.of(media), NOW, Optional.empty());
  }

  static StatusUpdate failed(String code, String detail, boolean retryable) {
    return new StatusUpdate(SM, DeliveryStatus.FAILED, Optional.of(code), Optional.of(detail), retryable, NOW);
  }

  static Stream<Row> rows() {
    String media = "https://api.twilio.com/2010-04-01/Accounts/" + ACCOUNT_SID
        + "/Messages/MM0123456789abcdef0123456789abcdef/Media/ME0000000000000000000000000000000";
    return Stream.of(
        rejected("missing signature", "sms-inbound.form", "", Signing.MISSING, 403, "missing request signature"),
        rejected("bad signature", "sms-inbound.form", "", Signing.WRONG_KEY, 403, "invalid request signature"),
        rejected("tampered body", "sms-inbound.form", "", Signing.TAMPERED, 403, "invalid request signature"),
        rejected("bad signature on status", "status-delivered.form", "status", Signing.WRONG_KEY, 403,
            "invalid request signature"),
        accepted("SMS", "sms-inbound.form", "", message(PERSON, HOTLINE, Optional.empty(), TEXT)),
        accepted("MMS with media, no text", "mms-inbound.form", "",
            new InboundMessage("MM0123456789abcdef0123456789abcdef", PERSON, HOTLINE, Optional.empty(), "",
                List.of(MediaRef.of(media + "1", "image/jpeg"), MediaRef.of(media + "2", "application/pdf")),
                NOW, Optional.empty())),
        accepted("WhatsApp", "whatsapp-inbound.form", "",
            message(WA_PERSON, WA_HOTLINE, Optional.of("Sam"), TEXT)),
        accepted("WhatsApp button: ButtonText wins over Body", "whatsapp-button.form", "",
            message(WA_PERSON, WA_HOTLINE, Optional.of("Sam"), "Yes, please")),
        accepted("WhatsApp business-scoped user id (BSUID) sender", "whatsapp-from-bsuid.form", "",
            message(Address.whatsapp("US.1234567890"), WA_HOTLINE, Optional.of("Sam"), TEXT)),
        accepted("WhatsApp To with a prefixless From", "whatsapp-prefixless-from.form", "",
            message(WA_PERSON, WA_HOTLINE, Optional.empty(), TEXT)),
        accepted("messaging service short code", "sms-short-code.form", "",
            message(PERSON, new Address("tel", "384387"), Optional.empty(), "HELP")),
        rejected("missing From", "sms-missing-from.form", "", Signing.VALID, 400, "missing required parameter From"),
        rejected("another account's webhook", "sms-other-account.form", "", Signing.VALID, 403,
            "AccountSid does not match this connector"),
        accepted("status delivered", "status-delivered.form", "status",
            StatusUpdate.of(SM, DeliveryStatus.DELIVERED, NOW)),
        accepted("status read", "status-read.form", "status", StatusUpdate.of(SM, DeliveryStatus.READ, NOW)),
        accepted("status sent via messaging service", "status-sent-short-code.form", "status",
            StatusUpdate.of(SM, DeliveryStatus.SENT, NOW)),
        accepted("status failed 21610 opts the recipient out", "status-failed-21610.form", "status",
            failed("21610", "the recipient has opted out (replied STOP) and must text START to receive messages",
                false),
            new ConsentChange(PERSON, true, "provider:21610", NOW)),
        accepted("status failed 63016 outside the WhatsApp window", "status-failed-63016.form", "status",
            failed("63016", "outside WhatsApp's 24-hour window — send an approved template", false)),
        accepted("status failed 63018 is retryable", "status-failed-63018.form", "status",
            failed("63018", "WhatsApp's rate limit for this sender was exceeded", true)),
        accepted("status undelivered 30003", "status-undelivered-30003.form", "status",
            failed("30003", "the recipient's phone is unreachable (switched off or out of coverage)", false)),
        rejected("status invalid", "status-invalid.form", "status", Signing.VALID, 400, "unknown status 'huh'"),
        accepted("status empty: accepted, nothing to record", "status-empty.form", "status"),
        rejected("unknown sub-path", "sms-inbound.form", "other", Signing.VALID, 404, "unknown webhook path"),
        new Row("URL signed with :443, requested without", "twilio", "sms-inbound.form", HOOK, "",
            Signing.WITH_DEFAULT_PORT, 200, "", List.of(message(PERSON, HOTLINE, Optional.empty(), TEXT))),
        new Row("URL requested with :443, signed without", "twilio", "sms-inbound.form",
            "https://hotline.example.org:443/hooks/tok3n", "", Signing.WITHOUT_DEFAULT_PORT, 200, "",
            List.of(message(PERSON, HOTLINE, Optional.empty(), TEXT))),
        new Row("URL with a query string", "twilio", "sms-inbound.form", HOOK + "?source=sms&v=2", "",
            Signing.VALID, 200, "", List.of(message(PERSON, HOTLINE, Optional.empty(), TEXT))),
        new Row("SignalWire SMS", "signalwire", "signalwire-sms-inbound.form", HOOK, "", Signing.VALID, 200, "",
            List.of(new InboundMessage(SW_SID, PERSON, HOTLINE, Optional.empty(), TEXT, List.of(), NOW,
                Optional.empty()))),
        new Row("SignalWire with X-Twilio-Signature", "signalwire", "signalwire-sms-inbound.form", HOOK, "",
            Signing.TWILIO_HEADER, 200, "", List.of(new InboundMessage(SW_SID, PERSON, HOTLINE, Optional.empty(),
                TEXT, List.of(), NOW, Optional.empty()))),
        new Row("SignalWire status undelivered", "signalwire", "signalwire-status-undelivered.form",
            HOOK + "/status", "status", Signing.VALID, 200, "",
            List.of(new StatusUpdate(SW_SID, DeliveryStatus.FAILED, Optional.of("30003"),
                Optional.of("the recipient's phone is unreachable (switched off or out of coverage)"), false,
                NOW))),
        new Row("SignalWire signed with the API token instead of the signing key", "signalwire",
            "signalwire-sms-inbound.form", HOOK, "", Signing.WRONG_KEY, 403, "invalid request signature",
            List.of()),
        new Row("SignalWire missing signature", "signalwire", "signalwire-sms-inbound.form", HOOK, "",
            Signing.MISSING, 403, "missing request signature", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void webhook(Row row) {
    boolean signalWire = row.provider().equals("signalwire");
    Channel channel = signalWire
        ? new SignalWireChannel(new RecordingTransport(), Fixtures.CLOCK, new RecordingLogger())
        : new TwilioChannel(new RecordingTransport(), Fixtures.CLOCK, new RecordingLogger());
    ChannelConfig config = signalWire ? Fixtures.signalWire() : Fixtures.twilio();

    InboundResult result = channel.receive(request(row, signalWire), config);

    if (row.status() == 200) {
      assertThat(result).isInstanceOf(InboundResult.Accepted.class);
      InboundResult.Accepted accepted = (InboundResult.Accepted) result;
      assertThat(accepted.events()).containsExactlyElementsOf(row.events());
      assertThat(accepted.reply()).isEqualTo(new InboundResult.Reply(200, "text/xml", TWIML));
    } else {
      assertThat(result).isEqualTo(InboundResult.reject(row.status(), row.reason()));
    }
  }

  static InboundRequest request(Row row, boolean signalWire) {
    String body = Fixtures.text(row.payload());
    Map<String, List<String>> params = InboundRequest.decodeParams(body);
    String key = signalWire ? SIGNING_KEY : AUTH_TOKEN;
    String header = signalWire ? "X-SignalWire-Signature" : "X-Twilio-Signature";
    String signature = switch (row.signing()) {
      case VALID, TAMPERED -> Fixtures.sign(key, row.url(), params);
      case TWILIO_HEADER -> {
        header = "X-Twilio-Signature";
        yield Fixtures.sign(key, row.url(), params);
      }
      case WITH_DEFAULT_PORT -> Fixtures.sign(key, row.url().replace(".org/", ".org:443/"), params);
      case WITHOUT_DEFAULT_PORT -> Fixtures.sign(key, row.url().replace(":443", ""), params);
      case WRONG_KEY -> Fixtures.sign(signalWire ? Fixtures.API_TOKEN : "another-token", row.url(), params);
      case MISSING -> null;
    };
    if (row.signing() == Signing.TAMPERED) {
      body = body.replace("Body=Hello+there", "Body=Goodbye+there");
    }
    Map<String, List<String>> headers = signature == null
        ? Map.of("Content-Type", List.of("application/x-www-form-urlencoded"))
        : Map.of("Content-Type", List.of("application/x-www-form-urlencoded"), header, List.of(signature));
    return new InboundRequest("POST", URI.create(row.url()), headers, body.getBytes(StandardCharsets.UTF_8),
        row.subPath());
  }

  @Test
  void getWebhooksAreSignedOverTheUrlAlone() {
    String url = HOOK + "?MessageSid=" + SM + "&AccountSid=" + ACCOUNT_SID
        + "&From=%2B15555550100&To=%2B15555550199&Body=Hi";
    InboundRequest request = new InboundRequest("GET", URI.create(url),
        Map.of("X-Twilio-Signature", List.of(Fixtures.sign(AUTH_TOKEN, url, Map.of()))), new byte[0], "");

    InboundResult result = new TwilioChannel(new RecordingTransport(), Fixtures.CLOCK, new RecordingLogger())
        .receive(request, Fixtures.twilio());

    assertThat(result).isInstanceOf(InboundResult.Accepted.class);
    assertThat(((InboundResult.Accepted) result).events())
        .containsExactly(message(PERSON, HOTLINE, Optional.empty(), "Hi"));
  }

  @Test
  void anUnconfiguredConnectorRejectsWithoutReadingTheRequest() {
    ChannelConfig empty = ChannelConfig.of(Map.of(), Map.of(), Fixtures.WEBHOOK);
    InboundRequest request = new InboundRequest("POST", URI.create(HOOK), Map.of(),
        Fixtures.text("sms-inbound.form").getBytes(StandardCharsets.UTF_8), "");

    InboundResult result = new TwilioChannel(new RecordingTransport(), Fixtures.CLOCK, new RecordingLogger())
        .receive(request, empty);

    assertThat(result).isEqualTo(InboundResult.reject(403, "connector is not fully configured"));
  }
}
