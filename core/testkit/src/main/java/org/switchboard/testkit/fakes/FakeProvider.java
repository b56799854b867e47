package org.switchboard.testkit.fakes;

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
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.switchboard.api.InboundRequest;

/**
 * A local stand-in for a provider's HTTP API, on {@code 127.0.0.1}: every request is recorded exactly as it
 * arrived, and replies are scripted by method and path (status, headers, body, delay, or a dropped connection).
 *
 * <p>Replies are looked up in this order: rules added with {@link #when} (newest first), then the exact
 * {@code method path?query}, then {@code method path} (any query), then path patterns, then {@link #otherwise}
 * (a 404 unless set). {@link #stop()} and {@link #start()} take the fake down and back up on the same port, like
 * a provider outage.
 *
 * <pre>{@code
 * try (FakeProvider fake = new FakeProvider()) {
 *   fake.on("POST", "/v1/messages", FakeProvider.json(201, "{\"id\":\"m1\"}"))
 *       .when("POST", "/v1/messages", r -> r.form().containsKey("To"), FakeProvider.json(429, "{}"));
 *   ... the plugin under test calls fake.base() ...
 *   assertThat(fake.only().header("Authorization")).isEqualTo("Bearer …");
 * }
 * }</pre>
 */
public class FakeProvider implements AutoCloseable {
  private final Map<String, Function<Recorded, Reply>> routes = new ConcurrentHashMap<>();
  private final List<PatternRoute> patterns = new CopyOnWriteArrayList<>();
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private volatile Function<Recorded, Reply> otherwise = r -> json(404, "{\"error\":\"not scripted\"}");
  private final Object lock = new Object();
  private HttpServer server;
  private ExecutorService executor;
  private int port;

  /** Starts at once on a free loopback port. */
  public FakeProvider() {
    start();
  }

  // ------------------------------------------------------------------------------------------------ values

  /** One request as the fake received it: method, raw path and query, headers and body bytes. */
  public record Recorded(String method, String path, String query, Map<String, List<String>> headers,
      byte[] body) {
    /** The first value of a header (case-insensitive), or null. */
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .filter(e -> !e.getValue().isEmpty()).map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    /** The form fields of an {@code application/x-www-form-urlencoded} body, in order. */
    public Map<String, List<String>> form() {
      return InboundRequest.decodeParams(bodyText());
    }

    /** The first value of one form field, or null. */
    public String formField(String name) {
      List<String> values = form().get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The query parameters, in order. */
    public Map<String, List<String>> queryParams() {
      return InboundRequest.decodeParams(query);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "Recorded[" + method + " " + path + ", " + body.length + " bytes]";
    }
  }

  /**
   * A scripted answer. {@link #drop()} closes the connection without answering, which the client sees as an I/O
   * failure.
   */
  public record Reply(int status, Map<String, String> headers, byte[] body, Duration delay, boolean dropped) {
    public Reply {
      headers = Map.copyOf(headers);
      body = body == null ? new byte[0] : body;
      delay = delay == null ? Duration.ZERO : delay;
    }

    /** The same reply with one more header. */
    public Reply header(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Reply(status, more, body, delay, dropped);
    }

    /** The same reply, sent after {@code by}. */
    public Reply delayed(Duration by) {
      return new Reply(status, headers, body, by, dropped);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A JSON reply. */
  public static Reply json(int status, String body) {
    return bytes(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  /** A reply with any content type. */
  public static Reply bytes(int status, String contentType, byte[] body) {
    return new Reply(status, Map.of("Content-Type", contentType), body, Duration.ZERO, false);
  }

  /** A reply without a body. */
  public static Reply empty(int status) {
    return new Reply(status, Map.of(), new byte[0], Duration.ZERO, false);
  }

  /** No answer at all: the connection is closed as soon as the request is read. */
  public static Reply drop() {
    return new Reply(0, Map.of(), new byte[0], Duration.ZERO, true);
  }

  private record Rule(String method, String path, Predicate<Recorded> matches, Function<Recorded, Reply> reply) {}

  private record PatternRoute(String method, Pattern path, Function<Recorded, Reply> reply) {}

  // ------------------------------------------------------------------------------------------------ scripting

  /** Answers {@code method} on {@code pathAndQuery} with {@code reply}; a path without a query matches any query. */
  public FakeProvider on(String method, String pathAndQuery, Reply reply) {
    Objects.requireNonNull(reply, "reply");
    return on(method, pathAndQuery, r -> reply);
  }

  /** Answers {@code method} on {@code pathAndQuery} with whatever {@code responder} makes of the request. */
  public FakeProvider on(String method, String pathAndQuery, Function<Recorded, Reply> responder) {
    routes.put(method.toUpperCase(java.util.Locale.ROOT) + " " + pathAndQuery, Objects.requireNonNull(responder));
    return this;
  }

  /** Answers {@code method} on every path matching {@code pathRegex} (after exact routes). */
  public FakeProvider onPattern(String method, String pathRegex, Function<Recorded, Reply> responder) {
    patterns.add(new PatternRoute(method.toUpperCase(java.util.Locale.ROOT), Pattern.compile(pathRegex),
        Objects.requireNonNull(responder)));
    return this;
  }

  /**
   * Answers requests to {@code method path} (any query) that {@code matches} accepts with {@code reply}, before any
   * other route; for example, every send to one recipient fails.
   */
  public FakeProvider when(String method, String path, Predicate<Recorded> matches, Reply reply) {
    rules.add(0, new Rule(method.toUpperCase(java.util.Locale.ROOT), path, matches, r -> reply));
    return this;
  }

  /** The answer to anything not scripted (default: 404 with a small JSON body). */
  public FakeProvider otherwise(Reply reply) {
    Objects.requireNonNull(reply, "reply");
    this.otherwise = r -> reply;
    return this;
  }

  /** Forgets every scripted reply (not the recorded requests). */
  public FakeProvider resetScript() {
    routes.clear();
    patterns.clear();
    rules.clear();
    return this;
  }

  // ------------------------------------------------------------------------------------------------ recording

  /** Every request received, in order. */
  public List<Recorded> requests() {
    return new ArrayList<>(requests);
  }

  /** The requests to one method and path (any query), in order. */
  public List<Recorded> requests(String method, String path) {
    return requests.stream().filter(r -> r.method().equalsIgnoreCase(method) && r.path().equals(path)).toList();
  }

  /** The one request received; fails when there were none or several. */
  public Recorded only() {
    List<Recorded> all = requests();
    if (all.size() != 1) {
      throw new AssertionError("expected one request, got " + all.size() + ": " + all);
    }
    return all.get(0);
  }

  /** Forgets the recorded requests. */
  public void clearRequests() {
    requests.clear();
  }

  // ------------------------------------------------------------------------------------------------ lifecycle

  /** {@code http://127.0.0.1:port}. */
  public URI base() {
    synchronized (lock) {
      return URI.create("http://127.0.0.1:" + port);
    }
  }

  public int port() {
    synchronized (lock) {
      return port;
    }
  }

  /** Starts listening: on a free port the first time, on the same port after {@link #stop()}. */
  public FakeProvider start() {
    synchronized (lock) {
      if (server != null) {
        return this;
      }
      try {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        executor = Executors.newCachedThreadPool(r -> {
          Thread t = new Thread(r, "fake-provider");
          t.setDaemon(true);
          return t;
        });
        s.setExecutor(executor);
        s.createContext("/", this::handle);
        s.start();
        port = s.getAddress().getPort();
        server = s;
      } catch (IOException e) {
        throw new UncheckedIOException("fake provider could not listen on port " + port, e);
      }
      return this;
    }
  }

  /** Stops answering: connections are refused until {@link #start()}. */
  public void stop() {
    synchronized (lock) {
      if (server == null) {
        return;
      }
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  public boolean isRunning() {
    synchronized (lock) {
      return server != null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  // ------------------------------------------------------------------------------------------------ serving

  private Reply replyTo(Recorded request) {
    for (Rule rule : rules) {
      if (rule.method().equals(request.method()) && rule.path().equals(request.path())
          && rule.matches().test(request)) {
        return rule.reply().apply(request);
      }
    }
    String key = request.method() + " " + request.path();
    Function<Recorded, Reply> route = request.query() == null ? null : routes.get(key + "?" + request.query());
    if (route == null) {
      route = routes.get(key);
    }
    if (route == null) {
      for (PatternRoute pattern : patterns) {
        if (pattern.method().equals(request.method()) && pattern.path().matcher(request.path()).matches()) {
          route = pattern.reply();
          break;
        }
      }
    }
    return (route == null ? otherwise : route).apply(request);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      URI uri = exchange.getRequestURI();
      Map<String, List<String>> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
      Recorded request = new Recorded(exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT),
          uri.getRawPath(), uri.getRawQuery(), Map.copyOf(headers), in.readAllBytes());
      requests.add(request);
      Reply reply;
      try {
        reply = replyTo(request);
      } catch (RuntimeException e) {
        reply = json(500, "{\"error\":\"the fake's script failed: " + e.getClass().getSimpleName() + "\"}");
      }
      if (!reply.delay().isZero()) {
        Thread.sleep(reply.delay().toMillis());
      }
      if (reply.dropped()) {
        return; // closing the exchange before any header is sent closes the connection
      }
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      boolean noBody = reply.body().length == 0 || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
      exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
      if (!noBody) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply.body());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientWentAway) {
      // The client timed out or the fake was stopped mid-answer; nothing to do.
    }
  }
}
