package org.switchboard.plugins.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.plugins.meta.Fixtures.TOKEN;
import static org.switchboard.plugins.meta.Fixtures.WABA;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelException;
import org.switchboard.api.FailureKind;
import org.switchboard.api.Health;
import org.switchboard.api.MediaFetch;
import org.switchboard.api.MediaRef;
import org.switchboard.api.MessageTemplate;
import org.switchboard.api.ProviderNumber;
import org.switchboard.testkit.fakes.FakeProvider;
import org.switchboard.testkit.fakes.RecordingTransport;

/** Numbers, the webhook subscription, templates, "Test connection" and media downloads against a local fake. */
class WhatsAppDirectoryTest {
  private static final String V = "/v25.0";
  private static final String SUBSCRIBED = V + "/" + WABA + "/subscribed_apps";

  private FakeProvider fake;
  private WhatsAppChannel channel;
  private ChannelConfig config;

  @BeforeEach
  void start() {
    fake = Fixtures.fake();
    channel = new WhatsAppChannel(new RecordingTransport(), Fixtures.CLOCK, new RecordingLogger(),
        Duration.ofSeconds(2), Duration.ofSeconds(2));
    config = Fixtures.whatsApp(fake.base());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void listsTheAccountsNumbersWithNameQualityTierAndTheCurrentWebhook() throws ChannelException {
    fake.on("GET", V + "/" + WABA + "/phone_numbers", Fixtures.reply(200, "wa-phone-numbers.json"))
        .on("GET", SUBSCRIBED, Fixtures.reply(200, "wa-subscribed-apps.json"));

    List<ProviderNumber> numbers = channel.numbers().orElseThrow().list(config);

    Optional<URI> hook = Optional.of(Fixtures.WEBHOOK);
    assertThat(numbers).containsExactly(
        new ProviderNumber("106540352242922", Address.whatsapp("+15550100199"),
            "Tenants Line · quality GREEN · limit 1k", Set.of("whatsapp"), hook),
        new ProviderNumber("106540352242923", Address.whatsapp("+15550100198"),
            "Tenants Line Night · quality YELLOW · limit 250", Set.of("whatsapp"), hook));
    FakeProvider.Recorded listing = fake.requests("GET", V + "/" + WABA + "/phone_numbers").get(0);
    assertThat(listing.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(listing.queryParams().get("fields")).containsExactly(
        "id,display_phone_number,verified_name,quality_rating,messaging_limit_tier,code_verification_status");
  }

  @Test
  void setsTheWebhookThroughSubscribedAppsAndReadsItBack() throws Exception {
    fake.on("POST", SUBSCRIBED, FakeProvider.json(200, "{\"success\":true}"))
        .on("GET", SUBSCRIBED, Fixtures.reply(200, "wa-subscribed-apps.json"));
    ProviderNumber number = new ProviderNumber("106540352242922", Address.whatsapp("+15550100199"), "Tenants Line",
        Set.of("whatsapp"), Optional.empty());

    ProviderNumber after = channel.numbers().orElseThrow().setWebhook(config, number, Fixtures.WEBHOOK);

    assertThat(after.inboundWebhook()).contains(Fixtures.WEBHOOK);
    FakeProvider.Recorded post = fake.requests("POST", SUBSCRIBED).get(0);
    assertThat(post.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(new ObjectMapper().readTree(post.bodyText())).isEqualTo(new ObjectMapper().readTree(
        "{\"override_callback_uri\":\"https://hotline.example.org/hooks/tok3n\",\"verify_token\":\""
            + Fixtures.VERIFY + "\"}"));
  }

  @Test
  void aFailedSubscriptionSaysWhy() {
    fake.on("POST", SUBSCRIBED, FakeGraphApi.error(400, 2200, "Callback verification failed"));
    ProviderNumber number = new ProviderNumber("106540352242922", Address.whatsapp("+15550100199"), "",
        Set.of("whatsapp"), Optional.empty());

    assertThatThrownBy(() -> channel.numbers().orElseThrow().setWebhook(config, number, Fixtures.WEBHOOK))
        .isInstanceOf(ChannelException.class)
        .hasMessage("Meta refused subscribing the app to the WhatsApp Business Account (HTTP 400): "
            + "(#2200) Callback verification failed [2200]");
  }

  @Test
  void listsTemplatesWithTheirVariables() throws ChannelException {
    fake.on("GET", V + "/" + WABA + "/message_templates", Fixtures.reply(200, "wa-templates.json"));

    List<MessageTemplate> templates = channel.templates().orElseThrow().list(config, Address.whatsapp("+15550100199"));

    assertThat(templates).extracting(MessageTemplate::name, MessageTemplate::language, MessageTemplate::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("follow_up", "en_US", MessageTemplate.Status.APPROVED),
            org.assertj.core.groups.Tuple.tuple("check_in", "de", MessageTemplate.Status.APPROVED),
            org.assertj.core.groups.Tuple.tuple("new_offer", "en_US", MessageTemplate.Status.REJECTED),
            org.assertj.core.groups.Tuple.tuple("document_ready", "en_US", MessageTemplate.Status.APPROVED));
    MessageTemplate followUp = templates.get(0);
    assertThat(followUp.id()).isEqualTo("594425479261596");
    assertThat(followUp.category()).isEqualTo("UTILITY");
    assertThat(followUp.text()).isEqualTo("Hello {{1}}\nWe tried to reach you about {{1}}. Reply to continue, or "
        + "call us at {{2}}.\nTenants Line\n[Continue]\n[Open your case]");
    assertThat(followUp.variables()).containsExactly(
        new MessageTemplate.Variable("header.1", "header", "Sam"),
        new MessageTemplate.Variable("body.1", "body", "your case"),
        new MessageTemplate.Variable("body.2", "body", "the office"),
        new MessageTemplate.Variable("button.1.1", "button", "https://hotline.example.org/c/abc"));
    assertThat(templates.get(1).variables()).containsExactly(
        new MessageTemplate.Variable("body.first_name", "body", ""));

    // Cached: a second listing asks Meta nothing.
    channel.templates().orElseThrow().list(config, Address.whatsapp("+15550100199"));
    assertThat(fake.requests("GET", V + "/" + WABA + "/message_templates")).hasSize(1);
  }

  @Test
  void testConnectionNamesTheAccountOrTheExpiredToken() {
    fake.on("GET", V + "/" + WABA, Fixtures.reply(200, "wa-waba.json"));
    assertThat(channel.check(config)).isEqualTo(Health.ok("Connected to Tenants Line"));

    fake.on("GET", V + "/" + WABA, Fixtures.reply(401, "wa-error-190.json"));
    Health expired = channel.check(config);
    assertThat(expired.state()).isEqualTo(Health.State.ERROR);
    assertThat(expired.message()).isEqualTo("The access token has expired or was revoked (Meta error 190)");
    assertThat(expired.action()).contains("System users").contains("Generate new token");

    fake.on("GET", V + "/" + WABA, FakeProvider.json(503, "{}"));
    assertThat(channel.check(config).state()).isEqualTo(Health.State.WARNING);

    assertThat(channel.check(Fixtures.whatsApp(URI.create("ftp://example.org"))))
        .isEqualTo(Health.error("Graph API address must start with https://",
            "Complete the connector settings and save them."));
  }

  @Test
  void downloadsMediaWithTheTokenThenAsksMetaToDeleteItsCopy() {
    String url = fake.base() + "/whatsapp_business/attachments/?mid=1003383421387256";
    fake.on("GET", V + "/1003383421387256", FakeProvider.json(200, "{\"messaging_product\":\"whatsapp\",\"url\":\""
            + url + "\",\"mime_type\":\"image/jpeg\",\"sha256\":\"00\",\"file_size\":\"5\",\"id\":\"1003383421387256\"}"))
        .on("GET", "/whatsapp_business/attachments/", FakeProvider.bytes(200, "image/jpeg",
            "PHOTO".getBytes(StandardCharsets.UTF_8)))
        .on("DELETE", V + "/1003383421387256", FakeProvider.json(200, "{\"success\":true}"));

    MediaFetch fetched = channel.fetchMedia(new MediaRef("1003383421387256", Optional.of("image/jpeg"),
        Optional.empty()), config, 1000);

    assertThat(fetched).isInstanceOf(MediaFetch.Fetched.class);
    assertThat(((MediaFetch.Fetched) fetched).data()).isEqualTo("PHOTO".getBytes(StandardCharsets.UTF_8));
    assertThat(((MediaFetch.Fetched) fetched).contentType()).isEqualTo("image/jpeg");
    assertThat(fake.requests("GET", "/whatsapp_business/attachments/").get(0).header("Authorization"))
        .isEqualTo("Bearer " + TOKEN);
    assertThat(fake.requests("DELETE", V + "/1003383421387256")).hasSize(1);
  }

  @Test
  void refusesMediaOverTheCapBeforeDownloadingAndLinksOutsideMeta() {
    fake.on("GET", V + "/1003383421387256", Fixtures.reply(200, "wa-media-url.json"));
    MediaRef ref = MediaRef.of("1003383421387256", "image/jpeg");

    assertThat(channel.fetchMedia(ref, config, 1000)).isEqualTo(new MediaFetch.Failed(FailureKind.REJECTED,
        "the attachment is larger than 1000 bytes"));

    fake.on("GET", V + "/1003383421387256", FakeProvider.json(200,
        "{\"url\":\"https://attacker.example.org/x\",\"mime_type\":\"image/jpeg\",\"file_size\":\"5\"}"));
    assertThat(channel.fetchMedia(ref, config, 1000)).isEqualTo(new MediaFetch.Failed(FailureKind.REJECTED,
        "Meta's download link points outside Meta"));

    fake.on("GET", V + "/1003383421387256", Fixtures.reply(401, "wa-error-190.json"));
    assertThat(((MediaFetch.Failed) channel.fetchMedia(ref, config, 1000)).kind()).isEqualTo(FailureKind.CONFIG);
    assertThat(channel.fetchMedia(MediaRef.of("../etc/passwd", null), config, 1000)).isEqualTo(
        new MediaFetch.Failed(FailureKind.REJECTED, "the media reference is not a WhatsApp media id"));
    assertThat(fake.requests("DELETE", V + "/1003383421387256")).isEmpty();
  }
}
