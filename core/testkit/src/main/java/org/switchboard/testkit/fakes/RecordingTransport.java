package org.switchboard.testkit.fakes;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.switchboard.api.HttpCall;
import org.switchboard.api.HttpReply;
import org.switchboard.api.HttpTransport;
import org.switchboard.plugins.JdkHttpTransport;

/**
 * The server's real transport ({@code new JdkHttpTransport(true)}, which refuses anything past loopback) with a
 * record of every call and websocket a plugin made, and of every attempt to leave loopback — which it refuses
 * itself, before any name lookup, so a test can assert that none happened.
 */
public final class RecordingTransport implements HttpTransport {
  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "[::1]", "::1", "0:0:0:0:0:0:0:1");

  private final HttpTransport delegate;
  private final List<HttpCall> calls = new CopyOnWriteArrayList<>();
  private final List<URI> webSockets = new CopyOnWriteArrayList<>();
  private final List<String> refused = new CopyOnWriteArrayList<>();

  /** Records around the server's transport in loopback-only mode. */
  public RecordingTransport() {
    this(new JdkHttpTransport(true));
  }

  public RecordingTransport(HttpTransport delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public HttpReply send(HttpCall call) throws IOException {
    refuseUnlessLoopback(call.uri());
    calls.add(call);
    return delegate.send(call);
  }

  @Override
  public WebSocketConnection openWebSocket(URI uri, Map<String, String> headers, WebSocketListener listener)
      throws IOException {
    refuseUnlessLoopback(uri);
    webSockets.add(uri);
    return delegate.openWebSocket(uri, headers, listener);
  }

  private void refuseUnlessLoopback(URI uri) throws IOException {
    if (!isLoopback(uri)) {
      String host = uri.getHost() == null ? "(no host)" : uri.getHost();
      refused.add(host);
      throw new IOException("network access past loopback is disabled in tests: " + host);
    }
  }

  /** Whether a URI names a loopback host literally (no name is looked up). */
  public static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return LOOPBACK_NAMES.contains(h) || h.matches("127(\\.\\d{1,3}){3}");
  }

  /** Every HTTP call that went out (to loopback), in order. */
  public List<HttpCall> calls() {
    return List.copyOf(calls);
  }

  /** Every websocket opened or tried (to loopback), in order. */
  public List<URI> webSockets() {
    return List.copyOf(webSockets);
  }

  /** The hosts of every refused attempt to leave loopback. */
  public List<String> refused() {
    return List.copyOf(refused);
  }

  /** Every URI reached (calls and websockets) whose origin is none of {@code allowed}' origins. */
  public List<URI> reachedOutside(List<URI> allowed) {
    Set<String> origins = allowed.stream().map(RecordingTransport::origin).collect(java.util.stream.Collectors.toSet());
    return Stream.concat(calls.stream().map(HttpCall::uri), webSockets.stream())
        .filter(uri -> !origins.contains(origin(uri))).toList();
  }

  /** {@code host:port} of a URI, with the scheme's default port filled in (ws and http share one). */
  static String origin(URI uri) {
    int port = uri.getPort();
    if (port < 0) {
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      port = scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    return (host.equals("localhost") ? "127.0.0.1" : host) + ":" + port;
  }

  /** Forgets what was recorded. */
  public void clear() {
    calls.clear();
    webSockets.clear();
    refused.clear();
  }
}
