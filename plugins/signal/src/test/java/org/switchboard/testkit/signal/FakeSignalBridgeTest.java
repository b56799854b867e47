package org.switchboard.testkit.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fake bridge on its own, with a plain JDK client: what other tests can rely on. */
class FakeSignalBridgeTest {
  private static final String NUMBER = "+15550001000";
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(FakeSignalBridge bridge, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(bridge.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void restEndpoints() throws Exception {
    try (FakeSignalBridge bridge = new FakeSignalBridge().addAccount(NUMBER).version("0.94").start()) {
      assertThat(get(bridge, "/v1/health").statusCode()).isEqualTo(204);
      assertThat(get(bridge, "/v1/about").body()).contains("\"mode\":\"json-rpc\"").contains("\"version\":\"0.94\"");
      assertThat(get(bridge, "/v1/accounts").body()).isEqualTo("[\"+15550001000\"]");
      HttpResponse<String> plainGet = get(bridge, "/v1/receive/" + NUMBER);
      assertThat(plainGet.statusCode()).isEqualTo(400);
      assertThat(plainGet.body()).contains("not using the websocket protocol");
      assertThat(get(bridge, "/v1/qrcodelink").statusCode()).isEqualTo(400);
      assertThat(get(bridge, "/v1/attachments/nope").statusCode()).isEqualTo(404);
      assertThat(get(bridge, "/v1/nothing-here").statusCode()).isEqualTo(404);
      HttpResponse<String> trust = http.send(HttpRequest.newBuilder(
          URI.create(bridge.baseUrl() + "/v1/identities/" + NUMBER + "/trust/+15550001001"))
          .PUT(HttpRequest.BodyPublishers.ofString("{\"trust_all_known_keys\":true}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(trust.statusCode()).isEqualTo(204);
      assertThat(bridge.requests("PUT", "/v1/identities/" + NUMBER + "/trust/+15550001001").get(0).body())
          .isEqualTo("{\"trust_all_known_keys\":true}");
      bridge.failNext("GET", "/v1/accounts", 500, "{\"error\":\"Couldn't get list of accounts\"}");
      assertThat(get(bridge, "/v1/accounts").statusCode()).isEqualTo(500);
      assertThat(get(bridge, "/v1/accounts").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void pollingDrainsInNormalMode() throws Exception {
    try (FakeSignalBridge bridge = new FakeSignalBridge(FakeSignalBridge.Mode.NORMAL).addAccount(NUMBER)
        .maxPollWait(Duration.ofMillis(50)).start()) {
      assertThat(bridge.deliver(NUMBER, "{\"timestamp\":1}")).isEqualTo(1);
      assertThat(bridge.deliver("{\"envelope\":{\"timestamp\":2},\"account\":\"+15550001000\"}")).isEqualTo(1);

      assertThat(get(bridge, "/v1/receive/" + NUMBER + "?timeout=1").body()).isEqualTo(
          "[{\"envelope\":{\"timestamp\":1},\"account\":\"+15550001000\"},"
              + "{\"envelope\":{\"timestamp\":2},\"account\":\"+15550001000\"}]");
      assertThat(get(bridge, "/v1/receive/" + NUMBER + "?timeout=1").body()).isEqualTo("[]");
      assertThat(get(bridge, "/v1/receive/+15550009999").body()).contains("is not registered");
      assertThat(bridge.receivePolls()).isEqualTo(2);
    }
  }

  @Test
  void websocketPushesFramesAndCanBeDropped() throws Exception {
    try (FakeSignalBridge bridge = new FakeSignalBridge().addAccount(NUMBER).start()) {
      LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
      WebSocket socket = http.newWebSocketBuilder().buildAsync(
          URI.create("ws://127.0.0.1:" + bridge.port() + "/v1/receive/" + NUMBER), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
              frames.add(data.toString());
              ws.request(1);
              return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
              frames.add("closed");
              return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
              frames.add("error");
            }
          }).get(5, TimeUnit.SECONDS);
      assertThat(bridge.awaitWebSockets(NUMBER, 1, Duration.ofSeconds(5))).isTrue();

      assertThat(bridge.deliver(NUMBER, "{\"timestamp\":3}")).isEqualTo(1);
      assertThat(bridge.deliver("+15550009999", "{\"timestamp\":4}")).isZero();
      assertThat(bridge.sendErrorFrame("boom")).isEqualTo(1);
      assertThat(frames.poll(5, TimeUnit.SECONDS)).isEqualTo(
          "{\"envelope\":{\"timestamp\":3},\"account\":\"+15550001000\"}");
      assertThat(frames.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"error\":\"boom\"}");

      bridge.dropWebSockets();
      assertThat(frames.poll(5, TimeUnit.SECONDS)).isIn("closed", "error");
      assertThat(bridge.openWebSockets()).isZero();
      socket.abort();
    }
  }

  @Test
  void websocketHandshakeFailsInNormalMode() {
    try (FakeSignalBridge bridge = new FakeSignalBridge(FakeSignalBridge.Mode.NORMAL).start()) {
      assertThatThrownBy(() -> http.newWebSocketBuilder().buildAsync(
          URI.create("ws://127.0.0.1:" + bridge.port() + "/v1/receive/" + NUMBER), new WebSocket.Listener() { })
          .get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
      assertThat(bridge.webSocketHandshakes()).isZero();
    }
  }

  @Test
  void restartsOnTheSamePort() throws Exception {
    try (FakeSignalBridge bridge = new FakeSignalBridge().start()) {
      int port = bridge.port();
      bridge.stop();
      assertThat(bridge.isRunning()).isFalse();
      assertThatThrownBy(() -> get(bridge, "/v1/health")).isInstanceOf(java.io.IOException.class);

      bridge.start();
      assertThat(bridge.port()).isEqualTo(port);
      assertThat(get(bridge, "/v1/health").statusCode()).isEqualTo(204);
    }
  }
  @Test
  void recordsSendsAndFailsThemPerRecipient() throws Exception {
    try (FakeSignalBridge bridge = new FakeSignalBridge().addAccount(NUMBER).start()) {
      bridge.failSendsTo("uuid-busy", 429, "{\"error\":\"rate limiting\"}")
          .failSendsForRecipient("uuid-gone", "UNREGISTERED_FAILURE").dropSendsTo("uuid-dropped");

      HttpResponse<String> ok = send(bridge, "uuid-ok", "hello");
      assertThat(ok.statusCode()).isEqualTo(201);
      assertThat(bridge.sentTo("uuid-ok")).hasValueSatisfying(sent -> {
        assertThat(sent.number()).isEqualTo(NUMBER);
        assertThat(sent.message()).isEqualTo("hello");
        assertThat(ok.body()).contains(sent.timestamp());
      });
      assertThat(send(bridge, "uuid-busy", "x").statusCode()).isEqualTo(429);
      assertThat(send(bridge, "uuid-busy", "x").statusCode()).as("sticky").isEqualTo(429);
      assertThat(send(bridge, "uuid-gone", "x").body()).contains("UNREGISTERED_FAILURE");
      assertThatThrownBy(() -> send(bridge, "uuid-dropped", "x")).isInstanceOf(java.io.IOException.class);
      assertThat(bridge.sends()).hasSize(1);

      bridge.clearSendFailures("uuid-busy");
      assertThat(send(bridge, "uuid-busy", "x").statusCode()).isEqualTo(201);
    }
  }

  @Test
  void framesFollowTheReceiveFormat() {
    FakeSignalBridge.Contact who = new FakeSignalBridge.Contact("uuid-1", null, "Sam");
    assertThat(FakeSignalBridge.textFrame(NUMBER, who, 5, "hi", 0)).isEqualTo("{\"envelope\":{\"source\":null,"
        + "\"sourceNumber\":null,\"sourceUuid\":\"uuid-1\",\"sourceName\":\"Sam\",\"sourceDevice\":1,"
        + "\"timestamp\":5,\"serverReceivedTimestamp\":105,\"serverDeliveredTimestamp\":205,\"dataMessage\":"
        + "{\"timestamp\":5,\"message\":\"hi\",\"expiresInSeconds\":0,\"viewOnce\":false}},"
        + "\"account\":\"+15550001000\"}");
    assertThat(FakeSignalBridge.receiptFrame(NUMBER, who, 9, true, 5))
        .contains("\"receiptMessage\":{\"when\":9,\"isDelivery\":false,\"isRead\":true,\"isViewed\":false,"
            + "\"timestamps\":[5]}");
    assertThat(FakeSignalBridge.untrustedIdentityFrame(NUMBER, who, 7))
        .contains("\"type\":\"UntrustedIdentityException\"");
  }

  private HttpResponse<String> send(FakeSignalBridge bridge, String recipient, String text) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/v2/send"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"number\":\"" + NUMBER + "\",\"recipients\":[\"" + recipient
            + "\"],\"message\":\"" + text + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
  }
}
