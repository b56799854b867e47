package org.switchboard.plugins.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.plugins.twilio.Fixtures.ACCOUNT_SID;
import static org.switchboard.plugins.twilio.Fixtures.AUTH_TOKEN;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelException;
import org.switchboard.api.FailureKind;
import org.switchboard.api.NumberDirectory;
import org.switchboard.api.ProviderNumber;
import org.switchboard.testkit.fakes.FakeProvider;
import org.switchboard.testkit.fakes.RecordingTransport;

/** Listing numbers and WhatsApp senders, and setting their webhooks, against a local fake Twilio. */
class TwilioNumbersTest {
  private static final String NUMBERS = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/IncomingPhoneNumbers.json";
  private static final String SENDERS = "/v2/Channels/Senders";
  private static final URI HOOK = Fixtures.WEBHOOK;

  private FakeProvider fake;
  private NumberDirectory directory;
  private ChannelConfig config;

  @BeforeEach
  void start() {
    fake = Fixtures.fake();
    directory = new TwilioChannel(new RecordingTransport(), Fixtures.CLOCK, new RecordingLogger(),
        Duration.ofSeconds(2), Duration.ofSeconds(2)).numbers().orElseThrow();
    config = Fixtures.twilio(fake.base(), fake.base());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static String basic() {
    return "Basic " + Base64.getEncoder()
        .encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));
  }

  private static ProviderNumber number(String sid, String phone, String label, Set<String> kinds, String hook) {
    return new ProviderNumber(sid, Address.phone(phone), label, kinds, Optional.ofNullable(hook).map(URI::create));
  }

  @Test
  void listsEveryPageOfNumbersThenTheWhatsAppSenders() throws Exception {
    fake.on("GET", NUMBERS + "?PageSize=100", Fixtures.reply(200, "numbers-page1.json"))
        .on("GET", NUMBERS + "?PageSize=100&Page=1&PageToken=PAPN22222222222222222222222222222222",
            Fixtures.reply(200, "numbers-page2.json"))
        .on("GET", SENDERS, Fixtures.reply(200, "senders.json"));

    List<ProviderNumber> numbers = directory.list(config);

    assertThat(numbers).containsExactly(
        number("PN11111111111111111111111111111111", "+15555550199", "Helpline main line", Set.of("sms", "mms"),
            "https://hotline.example.org/hooks/tok3n"),
        number("PN22222222222222222222222222222222", "+15555550198", "", Set.of("sms"), null),
        number("PN33333333333333333333333333333333", "+15555550197", "Voice only", Set.of(), null),
        new ProviderNumber("XE55555555555555555555555555555555", Address.whatsapp("+15555550199"),
            "Example Helpline", Set.of("whatsapp"), Optional.of(URI.create("https://old.example.net/whatsapp"))),
        new ProviderNumber("XE66666666666666666666666666666666", Address.whatsapp("+15555550198"),
            "WhatsApp sender (PENDING_VERIFICATION)", Set.of("whatsapp"), Optional.empty()));
    assertThat(fake.requests()).extracting(r -> r.method() + " " + r.path() + "?" + r.query()).containsExactly(
        "GET " + NUMBERS + "?PageSize=100",
        "GET " + NUMBERS + "?PageSize=100&Page=1&PageToken=PAPN22222222222222222222222222222222",
        "GET " + SENDERS + "?Channel=whatsapp&PageSize=100");
    assertThat(fake.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo(basic()));
  }

  @Test
  void anAccountWithoutWhatsAppStillListsItsNumbers() throws Exception {
    fake.on("GET", NUMBERS, Fixtures.reply(200, "numbers-page2.json"))
        .on("GET", SENDERS, FakeProvider.json(403, "{\"code\":20403,\"message\":\"Forbidden\",\"status\":403}"));

    assertThat(directory.list(config)).extracting(ProviderNumber::providerRef)
        .containsExactly("PN33333333333333333333333333333333");
  }

  @Test
  void pagingStopsAfterTwentyPages() throws Exception {
    String loop = "{\"incoming_phone_numbers\":[],\"next_page_uri\":\"" + NUMBERS + "?PageSize=100&Page=1\"}";
    fake.on("GET", NUMBERS, FakeProvider.json(200, loop))
        .on("GET", SENDERS, FakeProvider.json(404, "{}"));

    assertThat(directory.list(config)).isEmpty();
    assertThat(fake.requests()).hasSize(TwilioNumbers.MAX_PAGES + 1);
  }

  @Test
  void listingFailuresExplainThemselves() {
    fake.on("GET", NUMBERS, Fixtures.reply(401, "send-error-20003.json"));
    assertThatThrownBy(() -> directory.list(config)).isInstanceOfSatisfying(ChannelException.class,
        e -> assertThat(e.kind()).isEqualTo(FailureKind.CONFIG));

    fake.on("GET", NUMBERS, FakeProvider.json(503, ""));
    assertThatThrownBy(() -> directory.list(config)).isInstanceOfSatisfying(ChannelException.class,
        e -> assertThat(e.kind()).isEqualTo(FailureKind.BAD_RESPONSE));

    fake.on("GET", NUMBERS, FakeProvider.json(200, "[]"));
    assertThatThrownBy(() -> directory.list(config)).isInstanceOfSatisfying(ChannelException.class,
        e -> assertThat(e.kind()).isEqualTo(FailureKind.BAD_RESPONSE));

    fake.close();
    assertThatThrownBy(() -> directory.list(config)).isInstanceOfSatisfying(ChannelException.class,
        e -> assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION));
  }

  @Test
  void setsANumbersSmsUrlThenReadsItBack() throws Exception {
    String path = NUMBERS.replace(".json", "/PN22222222222222222222222222222222.json");
    fake.on("POST", path, Fixtures.reply(200, "number-updated.json"))
        .on("GET", path, Fixtures.reply(200, "number-updated.json"));
    ProviderNumber before = number("PN22222222222222222222222222222222", "+15555550198", "", Set.of("sms"), null);

    ProviderNumber after = directory.setWebhook(config, before, HOOK);

    assertThat(after).isEqualTo(number("PN22222222222222222222222222222222", "+15555550198", "Second line",
        Set.of("sms"), HOOK.toString()));
    List<FakeProvider.Recorded> requests = fake.requests();
    assertThat(requests).extracting(FakeProvider.Recorded::method).containsExactly("POST", "GET");
    assertThat(requests.get(0).form()).isEqualTo(Map.of("SmsUrl", List.of(HOOK.toString()),
        "SmsMethod", List.of("POST")));
    assertThat(requests).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo(basic()));
  }

  @Test
  void aTwimlAppOnTheNumberIsReported() {
    String path = NUMBERS.replace(".json", "/PN22222222222222222222222222222222.json");
    fake.on("POST", path, Fixtures.reply(200, "number-with-app.json"))
        .on("GET", path, Fixtures.reply(200, "number-with-app.json"));
    ProviderNumber before = number("PN22222222222222222222222222222222", "+15555550198", "", Set.of("sms"), null);

    assertThatThrownBy(() -> directory.setWebhook(config, before, HOOK))
        .isInstanceOfSatisfying(ChannelException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.CONFIG);
          assertThat(e.getMessage()).contains("TwiML App");
        });
  }

  @Test
  void setsAWhatsAppSendersWebhookAsJsonThenReadsItBack() throws Exception {
    String path = SENDERS + "/XE55555555555555555555555555555555";
    fake.on("POST", path, Fixtures.reply(200, "sender-updated.json"))
        .on("GET", path, Fixtures.reply(200, "sender-updated.json"));
    ProviderNumber sender = new ProviderNumber("XE55555555555555555555555555555555",
        Address.whatsapp("+15555550199"), "Example Helpline", Set.of("whatsapp"), Optional.empty());

    ProviderNumber after = directory.setWebhook(config, sender, HOOK);

    assertThat(after.inboundWebhook()).contains(HOOK);
    assertThat(after.address()).isEqualTo(Address.whatsapp("+15555550199"));
    FakeProvider.Recorded update = fake.requests().get(0);
    assertThat(update.method()).isEqualTo("POST");
    assertThat(update.header("Content-Type")).isEqualTo("application/json");
    assertThat(new ObjectMapper().readTree(update.body())).isEqualTo(new ObjectMapper().readTree(
        "{\"webhook\":{\"callback_url\":\"https://hotline.example.org/hooks/tok3n\",\"callback_method\":\"POST\","
            + "\"status_callback_url\":\"https://hotline.example.org/hooks/tok3n/status\","
            + "\"status_callback_method\":\"POST\"}}"));
    assertThat(fake.requests().get(1).method()).isEqualTo("GET");
  }

  @Test
  void aNumberIdThatIsNotAnIdIsRefusedBeforeAnyCall() {
    ProviderNumber odd = new ProviderNumber("../Accounts", Address.phone("+15555550198"), "", Set.of(),
        Optional.empty());

    assertThatThrownBy(() -> directory.setWebhook(config, odd, HOOK)).isInstanceOf(ChannelException.class);
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void nextPageLinksStayOnTheApiOriginAndKeepItsPrefix() {
    URI twilio = URI.create("https://api.twilio.com");
    URI signalWire = URI.create("https://example.signalwire.com/api/laml");
    assertThat(TwilioNumbers.nextPage(twilio, "/2010-04-01/Accounts/AC1/IncomingPhoneNumbers.json?Page=1"))
        .isEqualTo(URI.create("https://api.twilio.com/2010-04-01/Accounts/AC1/IncomingPhoneNumbers.json?Page=1"));
    URI secondPage = URI.create("https://example.signalwire.com/api/laml/2010-04-01/Accounts/p/Numbers?Page=1");
    assertThat(TwilioNumbers.nextPage(signalWire, "/api/laml/2010-04-01/Accounts/p/Numbers?Page=1"))
        .isEqualTo(secondPage);
    assertThat(TwilioNumbers.nextPage(signalWire, "/2010-04-01/Accounts/p/Numbers?Page=1")).isEqualTo(secondPage);
    assertThat(TwilioNumbers.nextPage(twilio, "https://evil.example.net/steal")).isNull();
    assertThat(TwilioNumbers.nextPage(twilio, null)).isNull();
  }
}
