package org.switchboard.plugins.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.plugins.twilio.Fixtures.ACCOUNT_SID;
import static org.switchboard.plugins.twilio.Fixtures.AUTH_TOKEN;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.FailureKind;
import org.switchboard.api.OutboundMedia;
import org.switchboard.api.OutboundMessage;
import org.switchboard.api.SendResult;
import org.switchboard.testkit.fakes.FakeProvider;
import org.switchboard.testkit.fakes.RecordingTransport;

/** Sends against a local fake Twilio: the exact request it receives, and how each scripted answer is classified. */
class TwilioSendTest {
  private static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
  private static final Address HOTLINE = Address.phone("+15555550199");
  private static final Address PERSON = Address.phone("+15555550100");
  private static final String TEXT = "Hello there, I need help";
  private static final String STATUS_URL = "https://hotline.example.org/hooks/tok3n/status";

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

  private SendResult send(OutboundMessage message) {
    return channel.send(message, config);
  }

  private static OutboundMessage sms() {
    return OutboundMessage.text("out-1", HOTLINE, PERSON, TEXT);
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sendsAnSmsAsAFormWithBasicAuthAndTheStatusCallback() {
    fake.on("POST", MESSAGES, Fixtures.reply(201, "send-201.json"));

    SendResult result = send(sms());

    assertThat(result).isEqualTo(new SendResult.Accepted("SMfedcba9876543210fedcba9876543210",
        DeliveryStatus.QUEUED));
    FakeProvider.Recorded request = fake.only();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo(MESSAGES);
    assertThat(request.header("Authorization")).isEqualTo(basic(ACCOUNT_SID, AUTH_TOKEN));
    assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    assertThat(request.form()).isEqualTo(Map.of(
        "To", List.of("+15555550100"),
        "From", List.of("+15555550199"),
        "Body", List.of(TEXT),
        "StatusCallback", List.of(STATUS_URL)));
  }

  @Test
  void sendsMmsWithOneMediaUrlPerAttachmentAndNoEmptyBody() {
    fake.on("POST", MESSAGES, Fixtures.reply(201, "send-201.json"));
    List<OutboundMedia> media = List.of(
        new OutboundMedia("image/jpeg", "a.jpg", new byte[3], URI.create("https://hotline.example.org/m/aaa")),
        new OutboundMedia("application/pdf", "b.pdf", new byte[3], URI.create("https://hotline.example.org/m/bbb")));
    OutboundMessage mms = new OutboundMessage("out-2", HOTLINE, PERSON, "", media,
        Optional.of(URI.create("https://hotline.example.org/hooks/tok3n/status?ref=out-2")), Optional.empty(),
        Optional.empty());

    assertThat(send(mms)).isInstanceOf(SendResult.Accepted.class);

    assertThat(fake.only().form()).isEqualTo(Map.of(
        "To", List.of("+15555550100"),
        "From", List.of("+15555550199"),
        "MediaUrl", List.of("https://hotline.example.org/m/aaa", "https://hotline.example.org/m/bbb"),
        "StatusCallback", List.of("https://hotline.example.org/hooks/tok3n/status?ref=out-2")));
  }

  @Test
  void prefixesBothSidesForWhatsApp() {
    fake.on("POST", MESSAGES, Fixtures.reply(201, "send-201.json"));

    send(OutboundMessage.text("out-3", Address.whatsapp("+15555550199"), Address.whatsapp("+15555550100"), TEXT));

    assertThat(fake.only().form()).containsEntry("To", List.of("whatsapp:+15555550100"))
        .containsEntry("From", List.of("whatsapp:+15555550199"))
        .containsEntry("Body", List.of(TEXT));
  }

  @Test
  void sendsATemplateAsContentSidAndVariablesWithoutBody() {
    fake.on("POST", MESSAGES, Fixtures.reply(201, "send-201.json"));
    OutboundMessage template = new OutboundMessage("out-4", Address.whatsapp("+15555550199"),
        Address.whatsapp("+15555550100"), "ignored when a template is sent", List.of(), Optional.empty(),
        Optional.of(new OutboundMessage.Template("HX0123456789abcdef0123456789abcdef", "en",
            Map.of("2", "tomorrow", "1", "Sam"))), Optional.empty());

    send(template);

    assertThat(fake.only().form()).isEqualTo(Map.of(
        "To", List.of("whatsapp:+15555550100"),
        "From", List.of("whatsapp:+15555550199"),
        "ContentSid", List.of("HX0123456789abcdef0123456789abcdef"),
        "ContentVariables", List.of("{\"1\":\"Sam\",\"2\":\"tomorrow\"}"),
        "StatusCallback", List.of(STATUS_URL)));
  }

  @Test
  void optedOutRecipientIsOptedOut() {
    fake.on("POST", MESSAGES, Fixtures.reply(400, "send-error-21610.json"));

    SendResult.Failed failed = (SendResult.Failed) send(sms());

    assertThat(failed.kind()).isEqualTo(FailureKind.OPTED_OUT);
    assertThat(failed.providerCode()).contains("21610");
    assertThat(failed.retryable()).isFalse();
  }

  @Test
  void outsideTheWhatsAppWindowIsRejectedWithWhatToDo() {
    fake.on("POST", MESSAGES, Fixtures.reply(400, "send-error-63016.json"));

    SendResult result = send(sms());

    assertThat(result).isEqualTo(SendResult.failed(FailureKind.REJECTED, "63016",
        "Twilio error 63016: outside WhatsApp's 24-hour window — send an approved template"));
  }

  @Test
  void otherCodesAreRejectedInOurWordsWithoutEchoingNumbers() {
    fake.on("POST", MESSAGES, Fixtures.reply(400, "send-error-21211.json"));
    SendResult known = send(sms());
    assertThat(known).isEqualTo(SendResult.failed(FailureKind.REJECTED, "21211",
        "Twilio error 21211: the recipient's number is not a valid phone number"));

    fake.on("POST", MESSAGES, Fixtures.reply(400, "send-error-21656.json"));
    SendResult.Failed unknown = (SendResult.Failed) send(sms());
    assertThat(unknown.kind()).isEqualTo(FailureKind.REJECTED);
    assertThat(unknown.providerCode()).contains("21656");
    assertThat(unknown.reason()).isEqualTo("Twilio error 21656: The ContentVariables Parameter is invalid for "
        + "recipient whatsapp:[number] from [number]");
  }

  @Test
  void wrongCredentialsAreAConfigProblem() {
    fake.on("POST", MESSAGES, Fixtures.reply(401, "send-error-20003.json"));

    SendResult.Failed failed = (SendResult.Failed) send(sms());

    assertThat(failed.kind()).isEqualTo(FailureKind.CONFIG);
    assertThat(failed.providerCode()).contains("20003");
    assertThat(failed.reason()).isEqualTo("Twilio refused the account id or token (HTTP 401)");
  }

  @Test
  void throttledKeepsTheRetryAfterHint() {
    fake.on("POST", MESSAGES, Fixtures.reply(429, "send-error-20429.json").header("Retry-After", "7"));

    SendResult result = send(sms());

    assertThat(result).isEqualTo(new SendResult.Failed(FailureKind.THROTTLED, Optional.of("20429"),
        "Twilio asked us to slow down (HTTP 429)", Optional.of(Duration.ofSeconds(7))));
  }

  @Test
  void retryAfterMayBeAnHttpDate() {
    fake.on("POST", MESSAGES, FakeProvider.json(429, "{}").header("Retry-After", "Sun, 01 Mar 2026 12:01:30 GMT"));

    SendResult.Failed failed = (SendResult.Failed) send(sms());

    assertThat(failed.kind()).isEqualTo(FailureKind.THROTTLED);
    assertThat(failed.retryAfter()).contains(Duration.ofSeconds(90));
  }

  @Test
  void serverErrorsAreBadResponsesWorthRetrying() {
    fake.on("POST", MESSAGES, FakeProvider.bytes(500, "text/html", "<html>oops</html>".getBytes()));

    SendResult.Failed failed = (SendResult.Failed) send(sms());

    assertThat(failed.kind()).isEqualTo(FailureKind.BAD_RESPONSE);
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.reason()).isEqualTo("Twilio had a server error (HTTP 500)");
  }

  @Test
  void aSlowProviderTimesOutAsAConnectionFailure() {
    fake.on("POST", MESSAGES, Fixtures.reply(201, "send-201.json").delayed(Duration.ofSeconds(5)));

    long started = System.nanoTime();
    SendResult.Failed failed = (SendResult.Failed) send(sms());

    assertThat(failed.kind()).isEqualTo(FailureKind.CONNECTION);
    assertThat(failed.reason()).isEqualTo("could not reach Twilio (HttpTimeoutException)");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void anUnreachableProviderIsAConnectionFailure() {
    fake.close();

    SendResult.Failed failed = (SendResult.Failed) send(sms());

    assertThat(failed.kind()).isEqualTo(FailureKind.CONNECTION);
  }

  @Test
  void malformedOrSidlessSuccessIsABadResponse() {
    fake.on("POST", MESSAGES, FakeProvider.json(201, "{not json"));
    assertThat(send(sms())).isEqualTo(SendResult.failed(FailureKind.BAD_RESPONSE,
        "Twilio accepted the message without a message id"));

    fake.on("POST", MESSAGES, Fixtures.reply(201, "send-201-no-sid.json"));
    assertThat(send(sms())).isEqualTo(SendResult.failed(FailureKind.BAD_RESPONSE,
        "Twilio accepted the message without a message id"));
  }

  @Test
  void incompleteSettingsFailAsConfigWithoutCallingTwilio() {
    ChannelConfig noToken = ChannelConfig.of(Map.of("accountSid", ACCOUNT_SID, "apiBaseUrl",
        fake.base().toString()), Map.of(), Fixtures.WEBHOOK);
    ChannelConfig badSid = ChannelConfig.of(Map.of("accountSid", "XX123", "apiBaseUrl", fake.base().toString()),
        Map.of(), Fixtures.WEBHOOK);
    ChannelConfig plainHttp = ChannelConfig.of(Map.of("accountSid", ACCOUNT_SID,
        "apiBaseUrl", "http://api.example.net"), Map.of("authToken", org.switchboard.api.Secret.of("x")),
        Fixtures.WEBHOOK);

    assertThat(channel.send(sms(), noToken)).isEqualTo(SendResult.failed(FailureKind.CONFIG,
        "Auth Token is not set"));
    assertThat(channel.send(sms(), badSid)).isEqualTo(SendResult.failed(FailureKind.CONFIG,
        "Account SID must be AC followed by 32 letters and digits"));
    assertThat(channel.send(sms(), plainHttp)).isEqualTo(SendResult.failed(FailureKind.CONFIG,
        "API base URL must start with https://"));
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void limitsDependOnTheSender() {
    assertThat(channel.limits(HOTLINE).maxMedia()).isEqualTo(10);
    assertThat(channel.limits(HOTLINE).maxTextLength()).isEqualTo(1600);
    assertThat(channel.limits(HOTLINE).sendsPerSecond()).isEqualTo(1.0);
    assertThat(channel.limits(Address.whatsapp("+15555550199")).maxMedia()).isEqualTo(1);
    assertThat(channel.limits(Address.whatsapp("+15555550199")).sendsPerSecond()).isGreaterThan(1.0);
  }
}
