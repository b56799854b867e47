package org.switchboard.plugins.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.plugins.twilio.Fixtures.ACCOUNT_SID;
import static org.switchboard.plugins.twilio.Fixtures.AUTH_TOKEN;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.FailureKind;
import org.switchboard.api.Health;
import org.switchboard.api.MediaFetch;
import org.switchboard.api.MediaRef;
import org.switchboard.testkit.fakes.FakeProvider;
import org.switchboard.testkit.fakes.RecordingTransport;

/** "Test connection" and inbound media downloads against a local fake Twilio. */
class TwilioCheckAndMediaTest {
  private static final String ACCOUNT = "/2010-04-01/Accounts/" + ACCOUNT_SID + ".json";
  private static final String MEDIA = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/MM1/Media/ME1";

  private FakeProvider fake;
  private TwilioChannel channel;
  private ChannelConfig config;

  @BeforeEach
  void start() {
    fake = Fixtures.fake();
    channel = new TwilioChannel(new RecordingTransport(), Fixtures.CLOCK, new RecordingLogger(),
        Duration.ofSeconds(1), Duration.ofSeconds(1));
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

  @Test
  void checkNamesTheAccountWithoutSecrets() {
    fake.on("GET", ACCOUNT, Fixtures.reply(200, "account.json"));

    Health health = channel.check(config);

    assertThat(health).isEqualTo(Health.ok("Connected to Example Helpline"));
    assertThat(fake.only().header("Authorization")).isEqualTo(basic());
  }

  @Test
  void checkSaysWhichCredentialsAreWrong() {
    fake.on("GET", ACCOUNT, Fixtures.reply(401, "send-error-20003.json"));

    Health health = channel.check(config);

    assertThat(health.state()).isEqualTo(Health.State.ERROR);
    assertThat(health.message()).isEqualTo("Account SID or Auth Token is wrong");
    assertThat(health.action()).contains("Twilio Console");
  }

  @Test
  void checkReportsASuspendedAccount() {
    fake.on("GET", ACCOUNT, Fixtures.reply(200, "account-suspended.json"));

    assertThat(channel.check(config).message()).isEqualTo("The Twilio account is suspended");
  }

  @Test
  void checkReportsAnUnreachableApi() {
    fake.close();

    Health health = channel.check(config);

    assertThat(health.state()).isEqualTo(Health.State.ERROR);
    assertThat(health.message()).startsWith("Could not reach 127.0.0.1");
    assertThat(health.action()).isNotEmpty();
  }

  @Test
  void checkReportsMissingSettings() {
    Health health = channel.check(ChannelConfig.of(Map.of(), Map.of(), Fixtures.WEBHOOK));

    assertThat(health).isEqualTo(Health.error("Account SID is not set",
        "Complete the connector settings and save them."));
  }

  @Test
  void fetchesMediaWithBasicAuthAndTheRepliedContentType() {
    fake.on("GET", MEDIA, FakeProvider.bytes(200, "image/jpeg", new byte[] {1, 2, 3}));

    MediaFetch fetch = channel.fetchMedia(MediaRef.of(fake.base() + MEDIA, "image/png"), config, 1000);

    assertThat(fetch).isInstanceOfSatisfying(MediaFetch.Fetched.class, fetched -> {
      assertThat(fetched.data()).containsExactly(1, 2, 3);
      assertThat(fetched.contentType()).isEqualTo("image/jpeg");
    });
    assertThat(fake.only().header("Authorization")).isEqualTo(basic());
  }

  @Test
  void followsTheRedirectToStorageWithoutTheCredential() {
    URI storage = URI.create("http://localhost:" + fake.base().getPort() + "/storage/abc");
    fake.on("GET", MEDIA, FakeProvider.bytes(307, "text/plain", new byte[0]).header("Location", storage.toString()))
        .on("GET", "/storage/abc", FakeProvider.bytes(200, "application/pdf", new byte[] {9}));

    MediaFetch fetch = channel.fetchMedia(MediaRef.of(fake.base() + MEDIA, null), config, 1000);

    assertThat(fetch).isInstanceOf(MediaFetch.Fetched.class);
    assertThat(fake.requests().get(0).header("Authorization")).isEqualTo(basic());
    assertThat(fake.requests().get(1).header("Authorization")).isNull();
  }

  @Test
  void neverSendsTheCredentialToAnotherHost() {
    URI elsewhere = URI.create("http://localhost:" + fake.base().getPort() + MEDIA);
    fake.on("GET", MEDIA, FakeProvider.bytes(200, "image/gif", new byte[] {7}));

    channel.fetchMedia(MediaRef.of(elsewhere.toString(), "image/gif"), config, 1000);

    assertThat(fake.only().header("Authorization")).isNull();
  }

  @Test
  void aTooLargeAttachmentFailsForGood() {
    fake.on("GET", MEDIA, FakeProvider.bytes(200, "video/mp4", new byte[5000]));

    MediaFetch fetch = channel.fetchMedia(MediaRef.of(fake.base() + MEDIA, "video/mp4"), config, 1000);

    assertThat(fetch).isEqualTo(new MediaFetch.Failed(FailureKind.REJECTED,
        "the attachment is larger than 1000 bytes"));
    assertThat(fake.only().header("Authorization")).isEqualTo(basic());
  }

  @Test
  void mediaFailuresMapToKinds() {
    fake.on("GET", MEDIA, FakeProvider.json(401, "{}"));
    assertThat(kind(channel.fetchMedia(MediaRef.of(fake.base() + MEDIA, null), config, 1000)))
        .isEqualTo(FailureKind.CONFIG);
    fake.on("GET", MEDIA, FakeProvider.json(404, "{}"));
    assertThat(kind(channel.fetchMedia(MediaRef.of(fake.base() + MEDIA, null), config, 1000)))
        .isEqualTo(FailureKind.REJECTED);
    fake.on("GET", MEDIA, FakeProvider.json(503, "{}"));
    assertThat(kind(channel.fetchMedia(MediaRef.of(fake.base() + MEDIA, null), config, 1000)))
        .isEqualTo(FailureKind.BAD_RESPONSE);
    fake.on("GET", MEDIA, FakeProvider.json(200, "{}").delayed(Duration.ofSeconds(4)));
    assertThat(kind(channel.fetchMedia(MediaRef.of(fake.base() + MEDIA, null), config, 1000)))
        .isEqualTo(FailureKind.CONNECTION);
    assertThat(kind(channel.fetchMedia(MediaRef.of("file:///etc/passwd", null), config, 1000)))
        .isEqualTo(FailureKind.REJECTED);
  }

  private static FailureKind kind(MediaFetch fetch) {
    assertThat(fetch).isInstanceOf(MediaFetch.Failed.class);
    return ((MediaFetch.Failed) fetch).kind();
  }

  @Test
  void mediaKeepsTheReferencesFilename() {
    fake.on("GET", MEDIA, FakeProvider.bytes(200, "text/plain; charset=utf-8", new byte[] {65}));

    MediaFetch fetch = channel.fetchMedia(new MediaRef(fake.base() + MEDIA, Optional.empty(),
        Optional.of("note.txt")), config, 1000);

    assertThat(fetch).isInstanceOfSatisfying(MediaFetch.Fetched.class, fetched -> {
      assertThat(fetched.contentType()).isEqualTo("text/plain");
      assertThat(fetched.filename()).contains("note.txt");
    });
  }
}
