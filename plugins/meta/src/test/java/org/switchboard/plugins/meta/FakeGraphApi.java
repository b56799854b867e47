package org.switchboard.plugins.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.switchboard.testkit.fakes.FakeProvider;
import org.switchboard.testkit.fakes.FakeProvider.Recorded;
import org.switchboard.testkit.fakes.FakeProvider.Reply;
import org.switchboard.testkit.fakes.RecordingTransport;

/**
 * A local Graph API for the Meta plugin's tests, following Meta's documented requests and answers: it checks the
 * bearer token on every call (and can answer {@code 190} as for an expired token), lists a WhatsApp Business
 * Account's numbers and templates, takes webhook subscriptions only after calling the callback URL's verification
 * handshake as Meta does, accepts sends with fresh {@code wamid}s, takes media uploads, serves inbound media, and —
 * playing Meta's other half — posts webhooks signed with {@code X-Hub-Signature-256}. Anything else can be scripted
 * on {@link #http()}. It serves both a WhatsApp Business Account and a Facebook Page with a linked Instagram account.
 *
 * <p>Shapes: <a href="https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages">Messages</a>,
 * <a href="https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media">Media</a>,
 * <a href="https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components">Webhooks</a>,
 * <a href="https://developers.facebook.com/docs/messenger-platform/reference/send-api/">Send API</a>.
 */
final class FakeGraphApi implements AutoCloseable {
  static final String VERSION = "/v25.0";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeProvider http = new FakeProvider();
  private final String token;
  private final String appSecret;
  private final String wabaId;
  private final String pageId;
  private final String appId;
  private final String instagramId;
  private final String verifyToken;
  private final Map<String, PhoneNumber> numbers = new ConcurrentHashMap<>();
  private final List<String> templates = new CopyOnWriteArrayList<>();
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final List<Recorded> uploads = new CopyOnWriteArrayList<>();
  private final List<String> deletedMedia = new CopyOnWriteArrayList<>();
  private final Map<String, Media> media = new ConcurrentHashMap<>();
  private final Map<String, Reply> failures = new ConcurrentHashMap<>();
  private final Map<String, String> appCallbacks = new ConcurrentHashMap<>();
  private final AtomicLong serial = new AtomicLong(1000);
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private volatile String wabaCallback;
  private volatile boolean tokenExpired;

  /** A WhatsApp number of the account. */
  record PhoneNumber(String id, String display, String verifiedName) {}

  /** An inbound media file Meta holds. */
  record Media(String id, String contentType, byte[] data) {}

  /** A send the fake accepted: the id it gave, where it went, the JSON body and the Authorization header. */
  record Sent(String id, String path, JsonNode body, String authorization) {
    String to() {
      JsonNode recipient = body.path("recipient");
      return body.has("to") ? body.get("to").asText()
          : recipient.isObject() ? recipient.path("id").asText() : recipient.asText();
    }

    @Override
    public String toString() {
      return "Sent[" + id + "]";
    }
  }

  FakeGraphApi(String token, String appSecret, String wabaId, String pageId, String appId, String instagramId,
      String verifyToken) {
    this.token = token;
    this.appSecret = appSecret;
    this.wabaId = wabaId;
    this.pageId = pageId;
    this.appId = appId;
    this.instagramId = instagramId;
    this.verifyToken = verifyToken;
    http.otherwise(error(400, 100, "Unsupported get request. Object does not exist"));
    script();
  }

  // ------------------------------------------------------------------------------------------------ the API

  private void script() {
    String waba = VERSION + "/" + wabaId;
    http.on("GET", waba, authorized(token, r -> FakeProvider.json(200,
        "{\"id\":\"" + wabaId + "\",\"name\":\"Example Helpline\"}")));
    http.on("GET", waba + "/phone_numbers", authorized(token, r -> FakeProvider.json(200, numbersJson())));
    http.on("GET", waba + "/message_templates", authorized(token, r -> FakeProvider.json(200,
        "{\"data\":[" + String.join(",", templates) + "],\"paging\":{\"cursors\":{}}}")));
    http.on("GET", waba + "/subscribed_apps", authorized(token, r -> FakeProvider.json(200, wabaCallback == null
        ? "{\"data\":[]}" : "{\"data\":[{\"whatsapp_business_api_data\":{\"id\":\"" + appId
        + "\",\"name\":\"Helpline app\"},\"override_callback_uri\":\"" + wabaCallback + "\"}]}")));
    http.on("POST", waba + "/subscribed_apps", authorized(token, this::subscribeWaba));
    http.onPattern("POST", "\\Q" + VERSION + "/\\E[0-9]+/messages", this::acceptSend);
    http.onPattern("POST", "\\Q" + VERSION + "/\\E[0-9]+/media", authorized(token, this::upload));
    http.onPattern("GET", "\\Q" + VERSION + "/\\E[0-9]+", r -> r.path().equals(VERSION + "/" + pageId)
        ? authorized(token, this::page).apply(r) : authorized(token, this::mediaInfo).apply(r));
    http.onPattern("DELETE", "\\Q" + VERSION + "/\\E[0-9]+", authorized(token, r -> {
      deletedMedia.add(r.path().substring(r.path().lastIndexOf('/') + 1));
      return FakeProvider.json(200, "{\"success\":true}");
    }));
    http.onPattern("GET", "/download/[0-9]+", authorized(token, r -> {
      Media m = media.get(r.path().substring("/download/".length()));
      return m == null ? FakeProvider.empty(404) : FakeProvider.bytes(200, m.contentType(), m.data());
    }));
    String app = VERSION + "/" + appId + "/subscriptions";
    http.on("GET", app, authorized(appId + "|" + appSecret, r -> FakeProvider.json(200, appSubscriptionsJson())));
    http.on("POST", app, authorized(appId + "|" + appSecret, this::subscribeApp));
    http.on("POST", VERSION + "/" + pageId + "/subscribed_apps", authorized(token,
        r -> FakeProvider.json(200, "{\"success\":true}")));
  }

  private Function<Recorded, Reply> authorized(String expected, Function<Recorded, Reply> next) {
    return request -> {
      if (tokenExpired) {
        return tokenExpired();
      }
      return ("Bearer " + expected).equals(request.header("Authorization")) ? next.apply(request)
          : error(401, 190, "Invalid OAuth access token - Cannot parse access token");
    };
  }

  /** Meta's answer to an expired token (code 190, subcode 463). */
  static Reply tokenExpired() {
    return FakeProvider.json(401, "{\"error\":{\"message\":\"Error validating access token: Session has expired "
        + "on Friday, 04-Dec-26 10:00:00 PST.\",\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":463,"
        + "\"fbtrace_id\":\"AbCdEf123\"}}");
  }

  /** A Graph error body. */
  static Reply error(int status, int code, String message) {
    return FakeProvider.json(status, "{\"error\":{\"message\":\"(#" + code + ") " + message
        + "\",\"type\":\"OAuthException\",\"code\":" + code + ",\"fbtrace_id\":\"AbCdEf123\"}}");
  }

  private Reply acceptSend(Recorded request) {
    boolean page = request.path().equals(VERSION + "/" + pageId + "/messages");
    if (tokenExpired) {
      return tokenExpired();
    }
    if (!("Bearer " + token).equals(request.header("Authorization"))) {
      return error(401, 190, "Invalid OAuth access token");
    }
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (IOException e) {
      return error(400, 100, "Invalid JSON");
    }
    JsonNode recipient = body.path("recipient");
    String to = body.has("to") ? body.get("to").asText()
        : recipient.isObject() ? recipient.path("id").asText() : recipient.asText();
    Reply failure = failures.get(to);
    if (failure != null) {
      return failure;
    }
    if (!page) {
      String phoneNumberId = request.path().split("/")[2];
      if (numbers.values().stream().noneMatch(n -> n.id().equals(phoneNumberId))) {
        return error(400, 100, "Unsupported post request. Object with ID does not exist");
      }
      if (!"whatsapp".equals(body.path("messaging_product").asText())) {
        return error(400, 100, "The parameter messaging_product is required.");
      }
    }
    String id = page ? "m_" + serial.incrementAndGet() : "wamid.HBgL" + serial.incrementAndGet();
    sent.add(new Sent(id, request.path(), body, request.header("Authorization")));
    return FakeProvider.json(200, page
        ? "{\"recipient_id\":\"" + to + "\",\"message_id\":\"" + id + "\"}"
        : "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + to + "\",\"wa_id\":\"" + to
            + "\"}],\"messages\":[{\"id\":\"" + id + "\",\"message_status\":\"accepted\"}]}");
  }

  private Reply upload(Recorded request) {
    String contentType = String.valueOf(request.header("Content-Type"));
    if (!contentType.startsWith("multipart/form-data; boundary=")) {
      return error(400, 100, "Param file must be a file with one of the following types");
    }
    uploads.add(request);
    return FakeProvider.json(200, "{\"id\":\"" + serial.incrementAndGet() + "\"}");
  }

  private Reply mediaInfo(Recorded request) {
    String id = request.path().substring(request.path().lastIndexOf('/') + 1);
    Media m = media.get(id);
    if (m == null) {
      return error(404, 100, "Unsupported get request. Object does not exist");
    }
    return FakeProvider.json(200, "{\"messaging_product\":\"whatsapp\",\"url\":\"" + base() + "/download/" + id
        + "\",\"mime_type\":\"" + m.contentType() + "\",\"sha256\":\"00\",\"file_size\":\"" + m.data().length
        + "\",\"id\":\"" + id + "\"}");
  }

  private Reply page(Recorded request) {
    return FakeProvider.json(200, "{\"id\":\"" + pageId + "\",\"name\":\"Example Helpline\","
        + "\"instagram_business_account\":{\"id\":\"" + instagramId + "\",\"username\":\"examplehelpline\"}}");
  }

  /** Meta calls the new callback URL's handshake and keeps the override only when it echoes the challenge. */
  private Reply subscribeWaba(Recorded request) {
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (IOException e) {
      return error(400, 100, "Invalid JSON");
    }
    String callback = body.path("override_callback_uri").asText("");
    if (!callback.isEmpty()) {
      if (!handshake(callback, body.path("verify_token").asText(""))) {
        return error(400, 2200, "Callback verification failed with the following errors: HTTP Status Code = 403");
      }
      wabaCallback = callback;
    }
    return FakeProvider.json(200, "{\"success\":true}");
  }

  private Reply subscribeApp(Recorded request) {
    String callback = request.formField("callback_url");
    String object = request.formField("object");
    if (callback == null || object == null) {
      return error(400, 100, "callback_url and object are required");
    }
    if (!handshake(callback, String.valueOf(request.formField("verify_token")))) {
      return error(400, 2200, "Callback verification failed");
    }
    appCallbacks.put(object, callback);
    return FakeProvider.json(200, "{\"success\":true}");
  }

  private boolean handshake(String callback, String token) {
    String challenge = String.valueOf(serial.incrementAndGet() * 7919);
    URI uri = URI.create(callback + (callback.contains("?") ? "&" : "?") + "hub.mode=subscribe&hub.challenge="
        + challenge + "&hub.verify_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    if (!RecordingTransport.isLoopback(uri)) {
      return false;
    }
    try {
      HttpResponse<String> answer = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET()
          .build(), HttpResponse.BodyHandlers.ofString());
      return answer.statusCode() == 200 && answer.body().equals(challenge);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private String numbersJson() {
    ArrayNode data = JSON.createArrayNode();
    numbers.values().stream().sorted(java.util.Comparator.comparing(PhoneNumber::id)).forEach(n -> {
      ObjectNode item = data.addObject();
      item.put("verified_name", n.verifiedName());
      item.put("code_verification_status", "VERIFIED");
      item.put("display_phone_number", n.display());
      item.put("quality_rating", "GREEN");
      item.put("messaging_limit_tier", "TIER_1K");
      item.put("id", n.id());
    });
    ObjectNode root = JSON.createObjectNode();
    root.set("data", data);
    root.putObject("paging").putObject("cursors").put("before", "QVFI").put("after", "QVFI");
    return root.toString();
  }

  private String appSubscriptionsJson() {
    ArrayNode data = JSON.createArrayNode();
    appCallbacks.forEach((object, url) -> {
      ObjectNode item = data.addObject();
      item.put("object", object);
      item.put("callback_url", url);
      item.put("active", true);
      item.putArray("fields").addObject().put("name", "messages").put("version", "v25.0");
    });
    return "{\"data\":" + data + "}";
  }

  // ------------------------------------------------------------------------------------------------ scripting

  FakeGraphApi addNumber(String id, String display, String verifiedName) {
    numbers.put(id, new PhoneNumber(id, display, verifiedName));
    return this;
  }

  /** Adds a template as the listing shows it (one JSON object of {@code data}). */
  FakeGraphApi addTemplate(String json) {
    templates.add(json);
    return this;
  }

  /** Puts an inbound media file at Meta; returns its media id. */
  String putMedia(String contentType, byte[] data) {
    String id = String.valueOf(serial.incrementAndGet());
    media.put(id, new Media(id, contentType, data));
    return id;
  }

  /** Every send to {@code to} (wa_id digits, or a page-scoped id) gets {@code reply}. */
  void failSendsTo(String to, Reply reply) {
    failures.put(to, reply);
  }

  void expireToken() {
    tokenExpired = true;
  }

  void renewToken() {
    tokenExpired = false;
  }

  // ------------------------------------------------------------------------------------------------ recorded

  List<Sent> sent() {
    return List.copyOf(sent);
  }

  Optional<Sent> sentTo(String to) {
    List<Sent> all = sent();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).to().equals(to)) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  List<Recorded> uploads() {
    return List.copyOf(uploads);
  }

  List<String> deletedMedia() {
    return List.copyOf(deletedMedia);
  }

  Optional<String> wabaCallback() {
    return Optional.ofNullable(wabaCallback);
  }

  Optional<String> appCallback(String object) {
    return Optional.ofNullable(appCallbacks.get(object));
  }

  FakeProvider http() {
    return http;
  }

  URI base() {
    return http.base();
  }

  String wabaId() {
    return wabaId;
  }

  String pageId() {
    return pageId;
  }

  String instagramId() {
    return instagramId;
  }

  List<String> secrets() {
    return List.of(token, appSecret, verifyToken);
  }

  // ------------------------------------------------------------------------------------------------ webhooks

  /** A WhatsApp notification carrying one text message. */
  String whatsAppText(String wamid, String from, PhoneNumber to, String name, String text) {
    ObjectNode value = whatsAppValue(to);
    ObjectNode contact = value.putArray("contacts").addObject();
    contact.putObject("profile").put("name", name);
    contact.put("wa_id", from);
    ObjectNode message = value.putArray("messages").addObject();
    message.put("from", from);
    message.put("id", wamid);
    message.put("timestamp", "1767261600");
    message.putObject("text").put("body", text);
    message.put("type", "text");
    return whatsAppEnvelope(value);
  }

  /** A WhatsApp notification carrying one image by media id. */
  String whatsAppImage(String wamid, String from, PhoneNumber to, String mediaId, String caption) {
    ObjectNode value = whatsAppValue(to);
    ObjectNode message = value.putArray("messages").addObject();
    message.put("from", from);
    message.put("id", wamid);
    message.put("timestamp", "1767261600");
    message.put("type", "image");
    ObjectNode image = message.putObject("image");
    image.put("caption", caption);
    image.put("mime_type", "image/jpeg");
    image.put("sha256", "00");
    image.put("id", mediaId);
    return whatsAppEnvelope(value);
  }

  /** A WhatsApp status notification; {@code code} fills {@code errors[]} of a failed status. */
  String whatsAppStatus(String wamid, String status, String recipient, PhoneNumber from, Integer code) {
    ObjectNode value = whatsAppValue(from);
    ObjectNode item = value.putArray("statuses").addObject();
    item.put("id", wamid);
    item.put("status", status);
    item.put("timestamp", "1767261700");
    item.put("recipient_id", recipient);
    if (code != null) {
      ObjectNode error = item.putArray("errors").addObject();
      error.put("code", code);
      error.put("title", "Message undeliverable");
      error.put("message", "Message undeliverable");
      error.putObject("error_data").put("details", "Message Undeliverable.");
    }
    return whatsAppEnvelope(value);
  }

  PhoneNumber number(String id) {
    return numbers.get(id);
  }

  private ObjectNode whatsAppValue(PhoneNumber to) {
    ObjectNode value = JSON.createObjectNode();
    value.put("messaging_product", "whatsapp");
    ObjectNode metadata = value.putObject("metadata");
    metadata.put("display_phone_number", to.display().replaceAll("[^0-9]", ""));
    metadata.put("phone_number_id", to.id());
    return value;
  }

  private String whatsAppEnvelope(ObjectNode value) {
    ObjectNode root = JSON.createObjectNode();
    root.put("object", "whatsapp_business_account");
    ObjectNode entry = root.putArray("entry").addObject();
    entry.put("id", wabaId);
    ObjectNode change = entry.putArray("changes").addObject();
    change.set("value", value);
    change.put("field", "messages");
    return root.toString();
  }

  /** A Messenger ({@code page}) or Instagram notification with one messaging event. */
  String messaging(String object, String sender, String recipient, String eventJson) {
    return "{\"object\":\"" + object + "\",\"entry\":[{\"id\":\"" + recipient + "\",\"time\":1767261600000,"
        + "\"messaging\":[{\"sender\":{\"id\":\"" + sender + "\"},\"recipient\":{\"id\":\"" + recipient
        + "\"},\"timestamp\":1767261600000," + eventJson + "}]}]}";
  }

  String signature(String body) {
    return HubSignature.sign(appSecret.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8));
  }

  /** Posts {@code json} to {@code url}, signed as Meta signs it; returns the HTTP status. */
  int deliver(URI url, String json) {
    return post(url, json, Map.of(HubSignature.HEADER, signature(json)));
  }

  /** Posts {@code json} with exactly these headers (none, or a wrong signature). */
  int post(URI url, String json, Map<String, String> headers) {
    if (!RecordingTransport.isLoopback(url)) {
      throw new IllegalArgumentException("the fake only calls loopback addresses");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("User-Agent", "facebookexternalua")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    new LinkedHashMap<>(headers).forEach(request::header);
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException("webhook post failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  List<String> callbacks() {
    List<String> all = new ArrayList<>(appCallbacks.values());
    wabaCallback().ifPresent(all::add);
    return all;
  }

  @Override
  public void close() {
    http.close();
  }
}
