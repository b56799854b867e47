package org.switchboard.plugins;

import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.switchboard.api.HttpCall;
import org.switchboard.api.HttpReply;
import org.switchboard.api.HttpTransport;

/**
 * The {@link HttpTransport} lent to plugins, over the JDK's HTTP client: connect and request timeouts on every
 * call, answers read up to a cap, redirects followed at most five times and without credentials across hosts.
 * With {@code -Dswitchboard.http.loopbackOnly=true} (the test suite) it refuses any host that is not loopback.
 */
@Singleton
public final class JdkHttpTransport implements HttpTransport {
  private static final int MAX_REDIRECTS = 5;
  /** Made on first use: an idle server with no provider accounts never loads TLS or starts the client's thread. */
  private final Supplier<HttpClient> client = Suppliers.memoize(() -> HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build());
  private final boolean loopbackOnly;

  @Inject
  public JdkHttpTransport() {
    this(Boolean.getBoolean("switchboard.http.loopbackOnly"));
  }

  public JdkHttpTransport(boolean loopbackOnly) {
    this.loopbackOnly = loopbackOnly;
  }

  @Override
  public HttpReply send(HttpCall call) throws IOException {
    HttpCall current = call;
    long deadline = System.nanoTime() + call.timeout().toNanos(); // one deadline for the call, redirects included
    for (int hop = 0; ; hop++) {
      guard(current.uri());
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      if (left.toMillis() < 1) {
        throw new java.net.http.HttpTimeoutException("request timed out after " + call.timeout().toSeconds() + " s");
      }
      HttpResponse<byte[]> response = exchange(current, left);
      int status = response.statusCode();
      var location = response.headers().firstValue("Location");
      if (isRedirect(status) && location.isPresent() && hop < MAX_REDIRECTS) {
        current = redirect(current, current.uri().resolve(location.get()), status);
        continue;
      }
      return new HttpReply(status, response.headers().map(), response.body());
    }
  }

  /** One request, answer read in full: the deadline covers the headers and the whole body, not just the first. */
  private HttpResponse<byte[]> exchange(HttpCall call, Duration left) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(call.uri()).timeout(left)
        .method(call.method(), call.body().length == 0 && !"POST".equals(call.method())
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(call.body()));
    call.headers().forEach((name, values) -> values.forEach(v -> request.header(name, v)));
    long max = call.maxResponseBytes();
    CompletableFuture<HttpResponse<byte[]>> answer =
        client.get().sendAsync(request.build(), info -> new CappedBody(max));
    try {
      return answer.get(left.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (TimeoutException e) {
      answer.cancel(true); // aborts the exchange: a server that sent headers and then stalled is let go
      throw new java.net.http.HttpTimeoutException("request timed out after " + call.timeout().toSeconds() + " s");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause() == null ? "request failed" : e.getCause().toString(), e.getCause());
    }
  }

  /** Collects an answer into memory up to {@code max} bytes; past that it cancels the download and fails. */
  private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final long max;
    private Flow.Subscription subscription;

    CappedBody(long max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer buffer : buffers) {
        if (out.size() + (long) buffer.remaining() > max) {
          subscription.cancel();
          result.completeExceptionally(new HttpTransport.ResponseTooLargeException(max));
          return;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        out.writeBytes(bytes);
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }
  }

  private static HttpCall redirect(HttpCall call, URI target, int status) {
    boolean sameHost = Objects.equals(target.getHost(), call.uri().getHost())
        && Objects.equals(target.getScheme(), call.uri().getScheme());
    Map<String, List<String>> headers = new java.util.LinkedHashMap<>(call.headers());
    if (!sameHost) {
      headers.keySet().removeIf(h -> h.equalsIgnoreCase("Authorization"));
    }
    boolean keepMethod = status == 307 || status == 308;
    return new HttpCall(keepMethod ? call.method() : "GET", target, headers,
        keepMethod ? call.body() : new byte[0], call.timeout(), call.maxResponseBytes());
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private void guard(URI uri) throws IOException {
    if (!loopbackOnly) {
      return;
    }
    InetAddress address = InetAddress.getByName(uri.getHost());
    if (!address.isLoopbackAddress()) {
      throw new IOException("network access past loopback is disabled in tests: " + uri.getHost());
    }
  }

  @Override
  public WebSocketConnection openWebSocket(URI uri, Map<String, String> headers, WebSocketListener listener)
      throws IOException {
    guard(uri);
    WebSocket.Builder builder = client.get().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    headers.forEach(builder::header);
    Adapter adapter = new Adapter(listener);
    try {
      WebSocket socket = builder.buildAsync(uri, adapter).get(15, TimeUnit.SECONDS);
      return adapter.connection(socket);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IOException("websocket connect timed out");
    } catch (ExecutionException e) {
      throw new IOException("websocket connect failed: " + e.getCause(), e.getCause());
    }
  }

  private static final class Adapter implements WebSocket.Listener {
    private final WebSocketListener listener;
    private final StringBuilder partial = new StringBuilder();
    private volatile Connection connection;

    Adapter(WebSocketListener listener) {
      this.listener = listener;
    }

    Connection connection(WebSocket socket) {
      if (connection == null) {
        connection = new Connection(socket);
      }
      return connection;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      listener.onOpen(connection(webSocket));
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        listener.onText(text);
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
      listener.onClose(statusCode, reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      listener.onError(error);
    }
  }

  private static final class Connection implements WebSocketConnection {
    private final WebSocket socket;

    Connection(WebSocket socket) {
      this.socket = socket;
    }

    @Override
    public void sendText(String text) {
      socket.sendText(text, true).join();
    }

    @Override
    public boolean isOpen() {
      return !socket.isInputClosed() && !socket.isOutputClosed();
    }

    @Override
    public void close() {
      if (!socket.isOutputClosed()) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS)
            .exceptionally(e -> null);
      }
      socket.abort();
    }
  }

  static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
