package org.switchboard.plugins.twilio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.switchboard.api.HttpCall;
import org.switchboard.api.HttpReply;
import org.switchboard.api.HttpTransport;

/**
 * The test suite's {@link HttpTransport}: the JDK client with each call's timeout and size cap, redirects followed
 * (without credentials across origins), and anything past loopback failing the test.
 */
final class LoopbackHttpTransport implements HttpTransport {
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");
  private static final int MAX_REDIRECTS = 5;
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  @Override
  public HttpReply send(HttpCall call) throws IOException {
    HttpCall current = call;
    for (int hop = 0; ; hop++) {
      refusePastLoopback(current.uri());
      HttpResponse<InputStream> response = exchange(current);
      var location = response.headers().firstValue("Location");
      if (isRedirect(response.statusCode()) && location.isPresent() && hop < MAX_REDIRECTS) {
        response.body().close();
        current = redirect(current, current.uri().resolve(location.get()));
        continue;
      }
      return new HttpReply(response.statusCode(), response.headers().map(),
          readCapped(response.body(), current.maxResponseBytes()));
    }
  }

  private HttpResponse<InputStream> exchange(HttpCall call) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(call.uri()).timeout(call.timeout())
        .method(call.method(), call.body().length == 0 && !call.method().equals("POST")
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(call.body()));
    call.headers().forEach((name, values) -> values.forEach(value -> request.header(name, value)));
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static HttpCall redirect(HttpCall call, URI target) {
    boolean sameOrigin = Objects.equals(target.getScheme(), call.uri().getScheme())
        && Objects.equals(target.getRawAuthority(), call.uri().getRawAuthority());
    Map<String, List<String>> headers = new LinkedHashMap<>(call.headers());
    if (!sameOrigin) {
      headers.keySet().removeIf(name -> name.equalsIgnoreCase("Authorization"));
    }
    return new HttpCall("GET", target, headers, new byte[0], call.timeout(), call.maxResponseBytes());
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static byte[] readCapped(InputStream in, long max) throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      long total = 0;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        total += n;
        if (total > max) {
          throw new ResponseTooLargeException(max);
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static void refusePastLoopback(URI uri) {
    if (uri.getHost() == null || !LOOPBACK.contains(uri.getHost())) {
      throw new AssertionError("a test tried to reach past loopback: " + uri.getHost());
    }
  }

  @Override
  public WebSocketConnection openWebSocket(URI uri, Map<String, String> headers, WebSocketListener listener) {
    throw new UnsupportedOperationException("the Twilio channel opens no websockets");
  }
}
