package org.switchboard.testkit.twilio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.switchboard.api.InboundRequest;
import org.switchboard.testkit.fakes.FakeProvider;
import org.switchboard.testkit.fakes.FakeProvider.Recorded;
import org.switchboard.testkit.fakes.FakeProvider.Reply;

/**
 * A local Twilio (or SignalWire, which speaks Twilio's 2010-04-01 API under {@code /api/laml}) for end-to-end
 * tests: it checks HTTP Basic auth on every API call as the real one does, accepts sends with fresh message SIDs
 * and remembers their {@code StatusCallback}, keeps phone numbers whose {@code SmsUrl} can be set and read back,
 * serves media, and — playing the provider's other half — posts signed webhooks and status callbacks to the
 * server. Anything else can be scripted on {@link #http()}.
 *
 * <p>Formats follow Twilio's docs: <a href="https://www.twilio.com/docs/messaging/api/message-resource">Message
 * resource</a>, <a href="https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource">
 * IncomingPhoneNumber</a>, <a href="https://www.twilio.com/docs/usage/webhooks/webhooks-security">webhook
 * security</a> (HMAC-SHA1 of the URL and the sorted form parameters, Base64).
 *
 * <pre>{@code
 * try (FakeTwilio twilio = FakeTwilio.twilio(ACCOUNT_SID, AUTH_TOKEN)) {
 *   twilio.addNumber("PN…", "+15550100", "Helpline");
 *   twilio.deliver(webhookUrl, twilio.inboundSms("SM…", "+15550111", "+15550100", "hello"));
 *   FakeTwilio.Sent sent = twilio.sentTo("+15550111").orElseThrow();
 *   twilio.postStatus(sent.sid(), "delivered", null);
 * }
 * }</pre>
 */
public final class FakeTwilio implements AutoCloseable {
  public static final String TWILIO_SIGNATURE = "X-Twilio-Signature";
  public static final String SIGNALWIRE_SIGNATURE = "X-SignalWire-Signature";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeProvider http = new FakeProvider();
  private final String provider;
  private final String accountSid;
  private final String apiSecret;
  private final String signingKey;
  private final String prefix;
  private final boolean mediaNeedsAuth;
  private final Map<String, PhoneNumber> numbers = new LinkedHashMap<>();
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final AtomicLong serial = new AtomicLong();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private volatile boolean credentialsRefused;
  private volatile String statusBeforeAnswer;
  private final List<Integer> earlyCallbackAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A send the fake accepted: its SID, the form it was sent with, and the Authorization header. */
  public record Sent(String sid, Map<String, List<String>> form, String authorization) {
    public String to() {
      return first("To");
    }

    public String from() {
      return first("From");
    }

    public String body() {
      return first("Body");
    }

    public String statusCallback() {
      return first("StatusCallback");
    }

    public String first(String field) {
      List<String> values = form.get(field);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String toString() {
      return "Sent[" + sid + "]";
    }
  }

  /** A number in the fake account. */
  public record PhoneNumber(String sid, String phoneNumber, String friendlyName, String smsUrl) {}

  private FakeTwilio(String provider, String accountSid, String apiSecret, String signingKey, String prefix,
      boolean mediaNeedsAuth) {
    this.provider = provider;
    this.accountSid = Objects.requireNonNull(accountSid, "accountSid");
    this.apiSecret = Objects.requireNonNull(apiSecret, "apiSecret");
    this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
    this.prefix = prefix;
    this.mediaNeedsAuth = mediaNeedsAuth;
    http.otherwise(error(404, 20404, "The requested resource was not found"));
    script();
  }

  /** Twilio: API calls and webhook signatures both use the Auth Token. */
  public static FakeTwilio twilio(String accountSid, String authToken) {
    return new FakeTwilio("Twilio", accountSid, authToken, authToken, "", true);
  }

  /** SignalWire: API calls use the project's API token, webhooks are signed with the space's signing key. */
  public static FakeTwilio signalWire(String projectId, String apiToken, String signingKey) {
    return new FakeTwilio("SignalWire", projectId, apiToken, signingKey, "/api/laml", false);
  }

  // --------------------------------------------------------------------------------------------- the API

  private void script() {
    String account = accountPath();
    http.on("GET", account + ".json", authorized(r -> FakeProvider.json(200, accountJson())));
    http.on("POST", messagesPath(), authorized(this::acceptSend));
    http.on("GET", account + "/IncomingPhoneNumbers.json", authorized(r -> FakeProvider.json(200, numbersJson())));
    http.onPattern("GET", quote(account + "/IncomingPhoneNumbers/") + "([A-Za-z0-9-]+)\\.json",
        authorized(r -> number(r, false)));
    http.onPattern("POST", quote(account + "/IncomingPhoneNumbers/") + "([A-Za-z0-9-]+)\\.json",
        authorized(r -> number(r, true)));
    // Twilio lists WhatsApp senders on its Messaging API; this account has none.
    http.on("GET", "/v2/Channels/Senders",
        authorized(r -> FakeProvider.json(200, "{\"senders\":[],\"meta\":{\"next_page_url\":null}}")));
  }

  private java.util.function.Function<Recorded, Reply> authorized(java.util.function.Function<Recorded, Reply> next) {
    return request -> credentialsRefused || !basicAuth().equals(request.header("Authorization"))
        ? error(401, 20003, "Authenticate") : next.apply(request);
  }

  private Reply acceptSend(Recorded request) {
    Map<String, List<String>> form = request.form();
    if (first(form, "To") == null || first(form, "From") == null) {
      return error(400, 21604, "A 'To' phone number is required.");
    }
    String sid = sid(0x0ff0_0000L + serial.incrementAndGet());
    sent.add(new Sent(sid, form, request.header("Authorization")));
    String early = statusBeforeAnswer;
    if (early != null && first(form, "StatusCallback") != null) {
      earlyCallbackAnswers.add(postStatus(sid, early, null));
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("sid", sid);
    answer.put("account_sid", accountSid);
    answer.put("to", first(form, "To"));
    answer.put("from", first(form, "From"));
    answer.put("body", Optional.ofNullable(first(form, "Body")).orElse(""));
    answer.put("status", "queued");
    answer.put("num_media", String.valueOf(form.getOrDefault("MediaUrl", List.of()).size()));
    answer.put("direction", "outbound-api");
    answer.put("api_version", "2010-04-01");
    answer.putNull("error_code");
    answer.put("uri", accountPath() + "/Messages/" + sid + ".json");
    return FakeProvider.json(201, answer.toString());
  }

  private Reply number(Recorded request, boolean update) {
    String path = request.path();
    String sid = path.substring(path.lastIndexOf('/') + 1, path.length() - ".json".length());
    synchronized (numbers) {
      PhoneNumber number = numbers.get(sid);
      if (number == null) {
        return error(404, 20404, "The requested resource " + path + " was not found");
      }
      if (update) {
        String url = request.formField("SmsUrl");
        if (url != null) {
          number = new PhoneNumber(sid, number.phoneNumber(), number.friendlyName(), url);
          numbers.put(sid, number);
        }
      }
      return FakeProvider.json(200, numberJson(number).toString());
    }
  }

  private String accountJson() {
    ObjectNode account = JSON.createObjectNode();
    account.put("sid", accountSid);
    account.put("friendly_name", "Example Helpline");
    account.put("status", "active");
    account.put("type", "Full");
    account.put("uri", accountPath() + ".json");
    return account.toString();
  }

  private String numbersJson() {
    ObjectNode page = JSON.createObjectNode();
    ArrayNode list = page.putArray("incoming_phone_numbers");
    synchronized (numbers) {
      numbers.values().forEach(n -> list.add(numberJson(n)));
    }
    page.putNull("next_page_uri");
    page.put("page", 0);
    page.put("page_size", 100);
    return page.toString();
  }

  private ObjectNode numberJson(PhoneNumber n) {
    ObjectNode node = JSON.createObjectNode();
    node.put("sid", n.sid());
    node.put("account_sid", accountSid);
    node.put("phone_number", n.phoneNumber());
    node.put("friendly_name", n.friendlyName());
    ObjectNode capabilities = node.putObject("capabilities");
    capabilities.put("sms", true);
    capabilities.put("mms", true);
    capabilities.put("voice", false);
    node.put("sms_url", n.smsUrl() == null ? "" : n.smsUrl());
    node.put("sms_method", "POST");
    node.put("sms_application_sid", "");
    node.put("status", "in-use");
    return node;
  }

  // --------------------------------------------------------------------------------------------- scripting

  /** The generic fake underneath, to script anything this class does not (routes added there win). */
  public FakeProvider http() {
    return http;
  }

  /** The API base URL to configure ({@code apiBaseUrl} for Twilio, {@code spaceUrl} for SignalWire). */
  public URI base() {
    return http.base();
  }

  /** {@code /2010-04-01/Accounts/{sid}} (SignalWire: under {@code /api/laml}). */
  public String accountPath() {
    return prefix + "/2010-04-01/Accounts/" + accountSid;
  }

  /** A message id in this provider's style for serial number {@code n}: {@code SM…} (Twilio) or a UUID. */
  public String sid(long n) {
    return provider.equals("Twilio") ? String.format("SM%032x", n)
        : new UUID(0x5eed_0000_0000_4000L, 0x8000_0000_0000_0000L | n).toString();
  }

  /** Where sends are posted. */
  public String messagesPath() {
    return accountPath() + "/Messages.json";
  }

  /** The HTTP Basic credential the account's API expects. */
  public String basicAuth() {
    return "Basic " + Base64.getEncoder()
        .encodeToString((accountSid + ":" + apiSecret).getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a phone number to the account (listed with its current SmsUrl; SmsUrl can be set). */
  public FakeTwilio addNumber(String sid, String phoneNumber, String friendlyName) {
    synchronized (numbers) {
      numbers.put(sid, new PhoneNumber(sid, phoneNumber, friendlyName, ""));
    }
    return this;
  }

  /** A number as the account holds it now. */
  public Optional<PhoneNumber> number(String sid) {
    synchronized (numbers) {
      return Optional.ofNullable(numbers.get(sid));
    }
  }

  /** Answers every API call with 401 (20003) until {@link #acceptCredentials()}. */
  public FakeTwilio refuseCredentials() {
    credentialsRefused = true;
    return this;
  }

  public FakeTwilio acceptCredentials() {
    credentialsRefused = false;
    return this;
  }

  /**
   * From now on, a send's status callback ({@code status}) is posted, and answered, before the send itself is
   * answered: the race a fast network can produce. {@link #earlyCallbackAnswers()} holds what the callbacks got.
   */
  public FakeTwilio reportStatusBeforeAnswering(String status) {
    statusBeforeAnswer = status;
    return this;
  }

  public List<Integer> earlyCallbackAnswers() {
    return List.copyOf(earlyCallbackAnswers);
  }

  /** Every send to {@code to} (as the {@code To} field has it) gets {@code reply} from now on. */
  public FakeTwilio failSendsTo(String to, Reply reply) {
    http.when("POST", messagesPath(), r -> to.equals(r.formField("To")), reply);
    return this;
  }

  /**
   * Serves {@code data} as media {@code mediaSid} of message {@code messageSid}, behind the API credential for
   * Twilio (public for SignalWire), and returns its URL as a webhook's {@code MediaUrl0} carries it.
   */
  public URI putMedia(String messageSid, String mediaSid, String contentType, byte[] data) {
    String path = accountPath() + "/Messages/" + messageSid + "/Media/" + mediaSid;
    Reply media = FakeProvider.bytes(200, contentType, data);
    http.on("GET", path, mediaNeedsAuth ? authorized(r -> media) : r -> media);
    return URI.create(base() + path);
  }

  /** Twilio's error body, e.g. {@code {"code":21610,"message":"…","more_info":"…","status":400}}. */
  public static Reply error(int status, int code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("code", code);
    body.put("message", message);
    body.put("more_info", "https://www.twilio.com/docs/errors/" + code);
    body.put("status", status);
    return FakeProvider.json(status, body.toString());
  }

  // --------------------------------------------------------------------------------------------- recording

  /** Every accepted send, in order. */
  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** The last accepted send to {@code to}. */
  public Optional<Sent> sentTo(String to) {
    List<Sent> all = sent();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (to.equals(all.get(i).to())) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  /** Every request the fake received. */
  public List<Recorded> requests() {
    return http.requests();
  }

  // --------------------------------------------------------------------------------------------- webhooks

  /** The fields Twilio posts for an inbound SMS (in Twilio's order). */
  public Map<String, String> inboundSms(String messageSid, String from, String to, String body) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("ToCountry", "US");
    form.put("SmsMessageSid", messageSid);
    form.put("NumMedia", "0");
    form.put("SmsSid", messageSid);
    form.put("SmsStatus", "received");
    form.put("Body", body);
    form.put("FromCountry", "US");
    form.put("To", to);
    form.put("NumSegments", "1");
    form.put("MessageSid", messageSid);
    form.put("AccountSid", accountSid);
    form.put("From", from);
    form.put("ApiVersion", "2010-04-01");
    return form;
  }

  /** The fields of an inbound MMS: an SMS plus {@code NumMedia}, {@code MediaUrlN} and {@code MediaContentTypeN}. */
  public Map<String, String> inboundMms(String messageSid, String from, String to, String body,
      Map<URI, String> media) {
    Map<String, String> form = inboundSms(messageSid, from, to, body);
    form.put("NumMedia", String.valueOf(media.size()));
    int i = 0;
    for (Map.Entry<URI, String> item : media.entrySet()) {
      form.put("MediaUrl" + i, item.getKey().toString());
      form.put("MediaContentType" + i, item.getValue());
      i++;
    }
    return form;
  }

  /** The fields of a status callback; {@code errorCode} only for failed or undelivered messages. */
  public Map<String, String> status(String messageSid, String status, String errorCode, String to, String from) {
    Map<String, String> form = new LinkedHashMap<>();
    if (errorCode != null) {
      form.put("ErrorCode", errorCode);
    }
    form.put("SmsSid", messageSid);
    form.put("SmsStatus", status);
    form.put("MessageStatus", status);
    form.put("To", to);
    form.put("MessageSid", messageSid);
    form.put("AccountSid", accountSid);
    form.put("From", from);
    form.put("ApiVersion", "2010-04-01");
    return form;
  }

  /** The header that carries this provider's signature. */
  public String signatureHeader() {
    return provider.equals("Twilio") ? TWILIO_SIGNATURE : SIGNALWIRE_SIGNATURE;
  }

  /** The signature this provider puts on a POST of {@code form} to {@code url}. */
  public String signature(String url, Map<String, String> form) {
    return sign(signingKey, url, form);
  }

  /** Twilio's algorithm: Base64(HMAC-SHA1(key, url + each parameter name and value, sorted by name)). */
  public static String sign(String key, String url, Map<String, String> form) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(form).forEach((name, value) -> data.append(name).append(value));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code a=1&b=2}, URL-encoded, in the map's order. */
  public static String encode(Map<String, String> form) {
    return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
  }

  /** Posts {@code form} to {@code url}, signed as the provider does; returns the HTTP status. */
  public int deliver(URI url, Map<String, String> form) {
    return post(url, form, Map.of(signatureHeader(), signature(url.toString(), form)));
  }

  /** Posts {@code form} to {@code url} with exactly these headers (e.g. none, or a wrong signature). */
  public int post(URI url, Map<String, String> form, Map<String, String> headers) {
    if (!org.switchboard.testkit.fakes.RecordingTransport.isLoopback(url)) {
      throw new IllegalArgumentException("the fake only calls loopback addresses");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("User-Agent", "TwilioProxy/1.1")
        .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
    headers.forEach(request::header);
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("webhook post failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Posts a status callback for an accepted send to the {@code StatusCallback} URL it was sent with, signed;
   * returns the HTTP status.
   */
  public int postStatus(String sid, String status, String errorCode) {
    Sent send = sent().stream().filter(s -> s.sid().equals(sid)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no accepted send " + sid));
    if (send.statusCallback() == null) {
      throw new IllegalStateException("send " + sid + " had no StatusCallback");
    }
    return deliver(URI.create(send.statusCallback()), status(sid, status, errorCode, send.to(), send.from()));
  }

  // --------------------------------------------------------------------------------------------- lifecycle

  /** Takes the fake down (connections refused) until {@link #start()}, which comes back on the same port. */
  public void stop() {
    http.stop();
  }

  public FakeTwilio start() {
    http.start();
    return this;
  }

  @Override
  public void close() {
    http.close();
  }

  private static String first(Map<String, List<String>> form, String name) {
    List<String> values = form.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String quote(String literal) {
    return java.util.regex.Pattern.quote(literal);
  }

  /** Form fields as the API's request type decodes them (a convenience for assertions). */
  public static Map<String, List<String>> decode(String body) {
    return InboundRequest.decodeParams(body);
  }

  /** Every value the fake knows that must never be logged: its credentials and the Basic header. */
  public List<String> secrets() {
    List<String> secrets = new ArrayList<>(List.of(apiSecret, signingKey, basicAuth().substring("Basic ".length())));
    return List.copyOf(new java.util.LinkedHashSet<>(secrets));
  }
}
