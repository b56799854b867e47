package org.switchboard.plugins.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.switchboard.api.HttpCall;
import org.switchboard.api.HttpReply;
import org.switchboard.api.HttpTransport;

/**
 * The signal-cli REST bridge's HTTP endpoints this plugin uses, over the server's {@link HttpTransport}.
 *
 * <p>Example ({@code GET /v1/accounts}, the bridge's registered and linked numbers):
 * <pre>["+15550001000"]</pre>
 */
final class BridgeClient {
  static final Duration SHORT = Duration.ofSeconds(10);
  /** Sends in normal mode start a JVM per call and attachments may be large, so they get the longest timeout. */
  static final Duration SEND = HttpCall.MAX_TIMEOUT;
  static final Duration LINK = Duration.ofSeconds(45);
  static final long SMALL_ANSWER = 64 * 1024;
  static final long POLL_ANSWER = 16L * 1024 * 1024;

  private final HttpTransport http;
  private final ObjectMapper json;
  private final SignalSettings settings;

  BridgeClient(HttpTransport http, ObjectMapper json, SignalSettings settings) {
    this.http = http;
    this.json = json;
    this.settings = settings;
  }

  SignalSettings settings() {
    return settings;
  }

  /** {@code GET /v1/health}: 204 when the bridge is up. */
  void health() throws IOException, BridgeException {
    HttpReply reply = http.send(HttpCall.get(settings.endpoint("/v1/health")).timeout(SHORT)
        .maxResponseBytes(SMALL_ANSWER).build());
    if (!reply.isSuccess()) {
      throw BridgeErrors.failure(reply, json);
    }
  }

  /** {@code GET /v1/about}: the bridge's mode and version. */
  About about() throws IOException, BridgeException {
    HttpReply reply = http.send(HttpCall.get(settings.endpoint("/v1/about")).timeout(SHORT)
        .maxResponseBytes(SMALL_ANSWER).build());
    if (!reply.isSuccess()) {
      throw BridgeErrors.failure(reply, json);
    }
    JsonNode node = readJson(reply);
    String mode = node.path("mode").asText("").toLowerCase(Locale.ROOT);
    // Shown to the admin: keep only what a version string is made of.
    String version = node.path("version").asText("").replaceAll("[^0-9A-Za-z._+-]", "");
    return new About(mode, version.length() > 40 ? version.substring(0, 40) : version);
  }

  /** {@code GET /v1/accounts}: the numbers registered or linked in the bridge. */
  List<String> accounts() throws IOException, BridgeException {
    HttpReply reply = http.send(HttpCall.get(settings.endpoint("/v1/accounts")).timeout(SHORT)
        .maxResponseBytes(SMALL_ANSWER).build());
    if (!reply.isSuccess()) {
      throw BridgeErrors.failure(reply, json);
    }
    JsonNode node = readJson(reply);
    if (!node.isArray()) {
      throw new BridgeException(reply.status(), "the account list is not a JSON array", BridgeErrors.OTHER);
    }
    List<String> numbers = new ArrayList<>();
    node.forEach(n -> {
      if (n.isTextual() && !n.asText().isBlank()) {
        numbers.add(n.asText().trim());
      }
    });
    return numbers;
  }

  /** {@code POST /v2/send} with a prepared body; the answer is read by {@link SignalSendResponse}. */
  HttpReply send(byte[] body) throws IOException {
    return http.send(HttpCall.post(settings.endpoint("/v2/send")).body("application/json", body).timeout(SEND)
        .maxResponseBytes(SMALL_ANSWER).build());
  }

  /** {@code GET /v1/receive/{number}?timeout=N} (normal/native mode): an array of {@code {envelope, account}}. */
  HttpReply receive(String number, int waitSeconds) throws IOException {
    URI uri = settings.endpoint("/v1/receive/" + SignalSettings.segment(number) + "?timeout=" + waitSeconds);
    return http.send(HttpCall.get(uri).timeout(Duration.ofSeconds(waitSeconds + 15L))
        .maxResponseBytes(POLL_ANSWER).build());
  }

  /** The receive websocket (json-rpc mode). */
  URI receiveSocket(String number) {
    return settings.webSocket("/v1/receive/" + SignalSettings.segment(number));
  }

  /** {@code GET /v1/attachments/{id}}, at most {@code maxBytes}. */
  HttpReply attachment(String id, long maxBytes) throws IOException {
    return http.send(HttpCall.get(settings.endpoint("/v1/attachments/" + SignalSettings.segment(id)))
        .timeout(HttpCall.MAX_TIMEOUT).maxResponseBytes(Math.max(1, maxBytes)).build());
  }

  /** {@code GET /v1/qrcodelink?device_name=…}: a PNG of the device-link code. */
  HttpReply linkCode(String deviceName) throws IOException {
    URI uri = settings.endpoint("/v1/qrcodelink?device_name=" + URLEncoder.encode(deviceName, StandardCharsets.UTF_8));
    return http.send(HttpCall.get(uri).timeout(LINK).maxResponseBytes(1024 * 1024).build());
  }

  private JsonNode readJson(HttpReply reply) throws BridgeException {
    try {
      JsonNode node = json.readTree(reply.body());
      if (node == null) {
        throw new BridgeException(reply.status(), "empty answer", BridgeErrors.OTHER);
      }
      return node;
    } catch (IOException e) {
      throw new BridgeException(reply.status(), "the answer is not JSON", BridgeErrors.OTHER);
    }
  }

  /** What {@code /v1/about} says. */
  record About(String mode, String version) {
  }
}
