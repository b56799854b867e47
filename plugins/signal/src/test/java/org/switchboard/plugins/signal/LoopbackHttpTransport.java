package org.switchboard.plugins.signal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.switchboard.api.HttpCall;
import org.switchboard.api.HttpReply;
import org.switchboard.api.HttpTransport;

/**
 * The test stand-in for the server's HTTP transport: JDK {@link HttpClient}, the call's timeout and size cap, and
 * nothing but loopback addresses.
 */
final class LoopbackHttpTransport implements HttpTransport {
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final List<HttpCall> calls = new CopyOnWriteArrayList<>();
  private final List<URI> webSockets = new CopyOnWriteArrayList<>();

  /** Every HTTP call made, in order. */
  List<HttpCall> calls() {
    return List.copyOf(calls);
  }

  /** Every websocket opened (or tried), in order. */
  List<URI> webSockets() {
    return List.copyOf(webSockets);
  }

  @Override
  public HttpReply send(HttpCall call) throws IOException {
    requireLoopback(call.uri());
    calls.add(call);
    HttpRequest.Builder request = HttpRequest.newBuilder(call.uri()).timeout(call.timeout())
        .method(call.method(), call.body().length == 0 && !call.method().equals("POST")
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(call.body()));
    call.headers().forEach((name, values) -> {
      if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        values.forEach(v -> request.header(name, v));
      }
    });
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    try (InputStream in = response.body()) {
      if (declared > call.maxResponseBytes()) {
        throw new ResponseTooLargeException(call.maxResponseBytes());
      }
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, call.maxResponseBytes() + 1));
      if (body.length > call.maxResponseBytes()) {
        throw new ResponseTooLargeException(call.maxResponseBytes());
      }
      return new HttpReply(response.statusCode(), response.headers().map(), body);
    }
  }

  @Override
  public WebSocketConnection openWebSocket(URI uri, Map<String, String> headers, WebSocketListener listener)
      throws IOException {
    requireLoopback(uri);
    webSockets.add(uri);
    Adapter adapter = new Adapter(listener);
    WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(2));
    headers.forEach(builder::header);
    try {
      WebSocket socket = builder.buildAsync(uri, adapter).get(5, TimeUnit.SECONDS);
      adapter.connection.socket = socket;
      return adapter.connection;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IOException("websocket did not open", e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("websocket did not open in time", e);
    }
  }

  private static void requireLoopback(URI uri) throws IOException {
    String host = uri.getHost();
    if (host == null || !InetAddress.getByName(host).isLoopbackAddress()) {
      throw new IOException("tests may only reach loopback addresses");
    }
  }

  /** JDK websocket events → the plugin's listener; whole messages only. */
  private static final class Adapter implements WebSocket.Listener {
    private final WebSocketListener listener;
    private final Connection connection = new Connection();
    private final StringBuilder text = new StringBuilder();

    Adapter(WebSocketListener listener) {
      this.listener = listener;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      connection.socket = webSocket;
      listener.onOpen(connection);
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String whole = text.toString();
        text.setLength(0);
        listener.onText(whole);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      connection.closed = true;
      listener.onClose(statusCode, reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      connection.closed = true;
      listener.onError(error);
    }
  }

  /** The plugin's handle on a JDK websocket. */
  private static final class Connection implements WebSocketConnection {
    private volatile WebSocket socket;
    private volatile boolean closed;

    @Override
    public void sendText(String text) {
      socket.sendText(text, true).join();
    }

    @Override
    public boolean isOpen() {
      WebSocket s = socket;
      return !closed && s != null && !s.isInputClosed() && !s.isOutputClosed();
    }

    @Override
    public void close() {
      closed = true;
      WebSocket s = socket;
      if (s != null) {
        s.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(1, TimeUnit.SECONDS)
            .whenComplete((ws, error) -> s.abort());
      }
    }
  }
}
