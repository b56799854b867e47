package org.switchboard.plugins.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.plugins.twilio.Fixtures.API_TOKEN;
import static org.switchboard.plugins.twilio.Fixtures.PROJECT_ID;

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
import org.switchboard.api.ChannelDescriptor;
import org.switchboard.api.ConfigField;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.Health;
import org.switchboard.api.MediaFetch;
import org.switchboard.api.MediaRef;
import org.switchboard.api.OutboundMessage;
import org.switchboard.api.ProviderNumber;
import org.switchboard.api.SendResult;
import org.switchboard.testkit.fakes.FakeProvider;
import org.switchboard.testkit.fakes.RecordingTransport;

/** SignalWire's differences: the {@code /api/laml} base, project credentials, UUID sids, public media. */
class SignalWireChannelTest {
  private static final String ACCOUNT = "/api/laml/2010-04-01/Accounts/" + PROJECT_ID;

  private FakeProvider fake;
  private SignalWireChannel channel;
  private ChannelConfig config;

  @BeforeEach
  void start() {
    fake = Fixtures.fake();
    channel = new SignalWireChannel(new RecordingTransport(), Fixtures.CLOCK, new RecordingLogger(),
        Duration.ofSeconds(2), Duration.ofSeconds(2));
    config = Fixtures.signalWire(fake.base());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static String basic() {
    return "Basic " + Base64.getEncoder()
        .encodeToString((PROJECT_ID + ":" + API_TOKEN).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void describesItsOwnSettings() {
    ChannelDescriptor descriptor = channel.descriptor();
    assertThat(descriptor.type()).isEqualTo("signalwire");
    assertThat(descriptor.fields()).extracting(ConfigField::key)
        .containsExactly("spaceUrl", "projectId", "apiToken", "signingKey");
    assertThat(descriptor.fields()).filteredOn(ConfigField::secret).extracting(ConfigField::key)
        .containsExactly("apiToken", "signingKey");
  }

  @Test
  void sendsThroughTheLamlApiWithProjectCredentials() {
    fake.on("POST", ACCOUNT + "/Messages.json", Fixtures.reply(201, "signalwire-send-201.json"));

    SendResult result = channel.send(OutboundMessage.text("out-1", Address.phone("+15555550199"),
        Address.phone("+15555550100"), "Hello there, I need help"), config);

    assertThat(result).isEqualTo(new SendResult.Accepted("0a059168-ead0-41af-9d1f-343dae832527",
        DeliveryStatus.QUEUED));
    FakeProvider.Recorded request = fake.only();
    assertThat(request.header("Authorization")).isEqualTo(basic());
    assertThat(request.form()).isEqualTo(Map.of("To", List.of("+15555550100"), "From", List.of("+15555550199"),
        "Body", List.of("Hello there, I need help"),
        "StatusCallback", List.of("https://hotline.example.org/hooks/tok3n/status")));
  }

  @Test
  void checksTheProject() {
    fake.on("GET", ACCOUNT + ".json",
        FakeProvider.json(200, "{\"sid\":\"" + PROJECT_ID + "\",\"friendly_name\":\"Example Space\","
            + "\"status\":\"active\"}"));
    assertThat(channel.check(config)).isEqualTo(Health.ok("Connected to Example Space"));

    fake.on("GET", ACCOUNT + ".json", FakeProvider.json(401, "{}"));
    assertThat(channel.check(config).message()).isEqualTo("Project ID or API token is wrong");
  }

  @Test
  void listsNumbersFollowingPrefixedPagesAndNoSenders() throws Exception {
    fake.on("GET", ACCOUNT + "/IncomingPhoneNumbers.json", Fixtures.reply(200, "signalwire-numbers.json"))
        .on("GET", ACCOUNT + "/IncomingPhoneNumbers", Fixtures.reply(200, "signalwire-numbers-page2.json"));

    List<ProviderNumber> numbers = channel.numbers().orElseThrow().list(config);

    assertThat(numbers).containsExactly(new ProviderNumber("b3877c40-da60-4998-90ad-b792e98472af",
        Address.phone("+15555550196"), "SignalWire line", Set.of("sms", "mms"),
        Optional.of(URI.create("https://hotline.example.org/hooks/tok3n"))));
    assertThat(fake.requests()).extracting(FakeProvider.Recorded::path)
        .containsExactly(ACCOUNT + "/IncomingPhoneNumbers.json", ACCOUNT + "/IncomingPhoneNumbers");
  }

  @Test
  void setsAWebhookOnAUuidNumber() throws Exception {
    String path = ACCOUNT + "/IncomingPhoneNumbers/b3877c40-da60-4998-90ad-b792e98472af.json";
    String json = "{\"sid\":\"b3877c40-da60-4998-90ad-b792e98472af\",\"phone_number\":\"+15555550196\","
        + "\"capabilities\":{\"sms\":true},\"sms_url\":\"https://hotline.example.org/hooks/tok3n\"}";
    fake.on("POST", path, FakeProvider.json(200, json)).on("GET", path, FakeProvider.json(200, json));
    ProviderNumber number = new ProviderNumber("b3877c40-da60-4998-90ad-b792e98472af",
        Address.phone("+15555550196"), "", Set.of("sms"), Optional.empty());

    ProviderNumber after = channel.numbers().orElseThrow().setWebhook(config, number, Fixtures.WEBHOOK);

    assertThat(after.inboundWebhook()).contains(Fixtures.WEBHOOK);
    assertThat(fake.requests().get(0).form()).containsEntry("SmsUrl", List.of(Fixtures.WEBHOOK.toString()));
  }

  @Test
  void fetchesMediaWithoutCredentials() {
    fake.on("GET", "/media/abc.jpg", FakeProvider.bytes(200, "image/jpeg", new byte[] {1}));

    MediaFetch fetch = channel.fetchMedia(MediaRef.of(fake.base() + "/media/abc.jpg", "image/jpeg"), config, 100);

    assertThat(fetch).isInstanceOf(MediaFetch.Fetched.class);
    assertThat(fake.only().header("Authorization")).isNull();
  }
}
