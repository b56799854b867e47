package org.switchboard.plugins.twilio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.switchboard.api.InboundRequest;

/**
 * A local stand-in for Twilio's (and SignalWire's) REST API: replies are scripted by method and path (optionally
 * with the query), every request is recorded, and anything unscripted gets Twilio's 404 body.
 */
final class FakeTwilio implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Reply> routes = new ConcurrentHashMap<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();

  /** One request as the fake received it. */
  record Recorded(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    Map<String, List<String>> form() {
      return InboundRequest.decodeParams(bodyText());
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A scripted answer. */
  record Reply(int status, Map<String, String> headers, byte[] body, Duration delay) {
    Reply header(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Reply(status, more, body, delay);
    }

    Reply delayed(Duration by) {
      return new Reply(status, headers, body, by);
    }
  }

  FakeTwilio() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code http://127.0.0.1:port}. */
  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Scripts the reply to {@code method} on {@code pathAndQuery} (a path alone matches any query). */
  FakeTwilio on(String method, String pathAndQuery, Reply reply) {
    routes.put(method + " " + pathAndQuery, reply);
    return this;
  }

  static Reply json(int status, String body) {
    return new Reply(status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8),
        Duration.ZERO);
  }

  static Reply fixture(int status, String name) {
    return json(status, Fixtures.text(name));
  }

  static Reply bytes(int status, String contentType, byte[] body) {
    return new Reply(status, Map.of("Content-Type", contentType), body, Duration.ZERO);
  }

  List<Recorded> requests() {
    return new ArrayList<>(requests);
  }

  Recorded only() {
    if (requests.size() != 1) {
      throw new AssertionError("expected one request, got " + requests.size());
    }
    return requests.get(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      URI uri = exchange.getRequestURI();
      requests.add(new Recorded(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
          Map.copyOf(exchange.getRequestHeaders()), in.readAllBytes()));
      String key = exchange.getRequestMethod() + " " + uri.getRawPath();
      Reply reply = uri.getRawQuery() == null ? routes.get(key)
          : routes.getOrDefault(key + "?" + uri.getRawQuery(), routes.get(key));
      if (reply == null) {
        reply = json(404, "{\"code\":20404,\"message\":\"The requested resource was not found\",\"status\":404}");
      }
      if (!reply.delay().isZero()) {
        Thread.sleep(reply.delay().toMillis());
      }
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
      if (reply.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply.body());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientWentAway) {
      // The client timed out on purpose in some tests.
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
