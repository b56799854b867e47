package org.switchboard.testkit.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A local stand-in for the signal-cli REST bridge (bbernhard/signal-cli-rest-api, 0.9x–0.100 and master) that
 * speaks its documented REST and websocket formats on 127.0.0.1, for tests. It depends on Jetty 12, Jackson and the
 * JDK only. Frames in the bridge's receive format can be built with {@link #textFrame}, {@link #receiptFrame} and the
 * other {@code …Frame} helpers.
 *
 * <p>In {@link Mode#JSON_RPC json-rpc} mode {@code /v1/receive/{number}} is a websocket that pushes one
 * {@code {"envelope":…,"account":…}} text frame per {@link #deliver delivered} envelope — lost, as with the real
 * bridge, when no socket for that account is open — and answers a plain GET with 400. In {@link Mode#NORMAL
 * normal}/{@link Mode#NATIVE native} mode it is a GET that drains the queued envelopes as a JSON array, waiting up
 * to {@code timeout} seconds (capped by {@link #maxPollWait}) for the first one.
 *
 * <pre>{@code
 * try (FakeSignalBridge bridge = new FakeSignalBridge().addAccount("+15550001000").start()) {
 *   bridge.awaitWebSockets("+15550001000", 1, Duration.ofSeconds(5));
 *   bridge.deliver(frameJson);                  // {"envelope":{…},"account":"+15550001000"}
 *   bridge.failNextSendWith(400, "{\"error\":\"Failed to send message due to untrusted identities\"}");
 *   bridge.sentRequests();                      // raw JSON bodies of POST /v2/send
 *   bridge.sentTo(uuid).orElseThrow().timestamp(); // the id receipts name
 *   bridge.failSendsTo(uuid, 500, "{}");        // every send to this recipient fails from now on
 *   bridge.stop(); bridge.start();              // the bridge dies and comes back on the same port
 * }
 * }</pre>
 */
public final class FakeSignalBridge implements AutoCloseable {

  /** The bridge's {@code MODE}. */
  public enum Mode {
    JSON_RPC("json-rpc"), NORMAL("normal"), NATIVE("native");

    private final String wire;

    Mode(String wire) {
      this.wire = wire;
    }

    /** As {@code /v1/about} spells it. */
    public String wire() {
      return wire;
    }

    boolean websocket() {
      return this == JSON_RPC;
    }
  }

  /** A request the fake received; bodies are kept as UTF-8 text (binary bodies are not expected). */
  public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
      String body) {
    /** The first value of a header, case-insensitive, or null. */
    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** A send the fake accepted: who sent it, to whom, the text, and the timestamp it answered (the message id). */
  public record Sent(String number, List<String> recipients, String message, String timestamp) {
    @Override
    public String toString() {
      return "Sent[" + timestamp + "]";
    }
  }

  /** A person as envelopes name them: their Signal UUID, phone number (may be null when hidden) and profile name. */
  public record Contact(String uuid, String number, String name) {}

  /** The 1×1 PNG that {@code /v1/qrcodelink} answers. */
  private static final byte[] TINY_PNG = Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
  private static final String NOT_WEBSOCKET = "websocket: the client is not using the websocket protocol: "
      + "'upgrade' token not found in 'Connection' header";
  private static final Pattern ACCOUNT = Pattern.compile("\"account\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final Object lock = new Object();
  private volatile Mode mode;
  private volatile String version = "0.100";
  private volatile boolean arrayShape;
  private volatile Duration maxPollWait = Duration.ofSeconds(2);
  private final Set<String> accounts = new LinkedHashSet<>();
  private final Map<String, Deque<String>> queued = new HashMap<>();
  private final Map<String, Attachment> attachments = new HashMap<>();
  private final Deque<Scripted> sendScript = new ArrayDeque<>();
  private final Map<String, Deque<Scripted>> overrides = new HashMap<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger handshakes = new AtomicInteger();
  private final AtomicInteger polls = new AtomicInteger();
  private final AtomicInteger pongs = new AtomicInteger();
  private final AtomicLong clock = new AtomicLong(1_700_812_896_656L);
  private volatile long lastSendTimestamp;
  private final Map<String, Scripted> recipientFailures = new HashMap<>();
  private final List<Sent> sends = new CopyOnWriteArrayList<>();
  private static final ObjectMapper JSON = new ObjectMapper();
  private Server server;
  private int port;

  /** A fake in json-rpc mode (websocket receive), with no accounts. */
  public FakeSignalBridge() {
    this(Mode.JSON_RPC);
  }

  public FakeSignalBridge(Mode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
  }

  // ---------------------------------------------------------------- lifecycle

  /** Starts listening on 127.0.0.1: a free port the first time, the same port after {@link #stop()}. */
  public FakeSignalBridge start() {
    synchronized (lock) {
      if (server != null) {
        return this;
      }
      QueuedThreadPool threads = new QueuedThreadPool(64, 4);
      threads.setName("fake-signal-bridge");
      threads.setDaemon(true);
      Server s = new Server(threads);
      ServerConnector connector = new ServerConnector(s);
      connector.setHost("127.0.0.1");
      connector.setPort(port);
      s.addConnector(connector);
      ContextHandler context = new ContextHandler("/");
      WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(s, context, container -> {
        container.setIdleTimeout(Duration.ofMinutes(10));
        container.addMapping("/v1/receive/*", this::upgrade);
      });
      upgrade.setHandler(new Rest());
      context.setHandler(upgrade);
      s.setHandler(context);
      s.setStopTimeout(0);
      try {
        s.start();
      } catch (Exception e) {
        throw new IllegalStateException("fake Signal bridge could not start on port " + port, e);
      }
      port = connector.getLocalPort();
      server = s;
      return this;
    }
  }

  /** Stops answering, like a bridge that died: sockets are cut, pending polls end, the port is released. */
  public void stop() {
    Server s;
    synchronized (lock) {
      s = server;
      server = null;
      lock.notifyAll();
    }
    if (s == null) {
      return;
    }
    dropWebSockets();
    try {
      s.stop();
    } catch (Exception e) {
      throw new IllegalStateException("fake Signal bridge did not stop", e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  public boolean isRunning() {
    synchronized (lock) {
      return server != null;
    }
  }

  /** The port; fixed after the first {@link #start()}. */
  public int port() {
    synchronized (lock) {
      if (port == 0) {
        throw new IllegalStateException("the fake bridge has not been started");
      }
      return port;
    }
  }

  /** {@code http://127.0.0.1:port}, the Bridge URL to configure. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port());
  }

  // ---------------------------------------------------------------- configuration

  public FakeSignalBridge mode(Mode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
    return this;
  }

  public Mode mode() {
    return mode;
  }

  /** The {@code version} that {@code /v1/about} reports. */
  public FakeSignalBridge version(String version) {
    this.version = version;
    return this;
  }

  /** Lists {@code number} in {@code /v1/accounts} (registered or linked). */
  public FakeSignalBridge addAccount(String number) {
    synchronized (lock) {
      accounts.add(number);
    }
    return this;
  }

  public FakeSignalBridge removeAccount(String number) {
    synchronized (lock) {
      accounts.remove(number);
    }
    return this;
  }

  public List<String> accounts() {
    synchronized (lock) {
      return List.copyOf(accounts);
    }
  }

  /** The longest a poll waits for a first envelope, whatever its {@code timeout} asks (default 2 s). */
  public FakeSignalBridge maxPollWait(Duration wait) {
    this.maxPollWait = Objects.requireNonNull(wait, "wait");
    return this;
  }

  // ---------------------------------------------------------------- receiving

  /**
   * Delivers one received {@code {"envelope":…,"account":…}} object (the fixture shape) for its account: pushed
   * to that account's open websockets in json-rpc mode, queued for the next poll otherwise.
   *
   * @return the sockets it was pushed to (json-rpc; 0 means it was lost), or 1 when queued for polling
   */
  public int deliver(String frameJson) {
    Matcher m = ACCOUNT.matcher(frameJson);
    if (!m.find()) {
      throw new IllegalArgumentException("a frame needs an \"account\"; use deliver(account, envelopeJson)");
    }
    return deliverTo(m.group(1), frameJson);
  }

  /** Wraps {@code envelopeJson} as {@code {"envelope":…,"account":account}} and delivers it. */
  public int deliver(String account, String envelopeJson) {
    return deliverTo(account, "{\"envelope\":" + envelopeJson + ",\"account\":" + quote(account) + "}");
  }

  private int deliverTo(String account, String frame) {
    if (mode.websocket()) {
      int pushed = 0;
      for (Socket socket : sockets) {
        if (socket.account.equals(account) && socket.send(frame)) {
          pushed++;
        }
      }
      return pushed;
    }
    synchronized (lock) {
      queued.computeIfAbsent(account, k -> new ArrayDeque<>()).add(frame);
      lock.notifyAll();
    }
    return 1;
  }

  /** Pushes an error frame {@code {"error":message}} to every open websocket, as the bridge does. */
  public int sendErrorFrame(String message) {
    return pushToAll("{\"error\":" + quote(message) + "}");
  }

  /** Pushes a raw text frame to every open websocket. */
  public int pushToAll(String text) {
    int pushed = 0;
    for (Socket socket : sockets) {
      if (socket.send(text)) {
        pushed++;
      }
    }
    return pushed;
  }

  /** Sends a websocket ping on every open socket (the bridge pings; clients must answer). */
  public int ping() {
    int sent = 0;
    for (Socket socket : sockets) {
      Session session = socket.session;
      if (session != null && session.isOpen()) {
        session.sendPing(ByteBuffer.wrap(new byte[] {1}), org.eclipse.jetty.websocket.api.Callback.NOOP);
        sent++;
      }
    }
    return sent;
  }

  /** Pongs received from clients. */
  public int pongs() {
    return pongs.get();
  }

  /** Cuts every websocket without a close frame, like a crashed bridge or a broken network. */
  public void dropWebSockets() {
    for (Socket socket : sockets) {
      Session session = socket.session;
      if (session != null) {
        session.disconnect();
      }
      sockets.remove(socket);
    }
  }

  /** Closes every websocket politely with {@code code} and {@code reason}. */
  public void closeWebSockets(int code, String reason) {
    for (Socket socket : sockets) {
      Session session = socket.session;
      if (session != null) {
        session.close(code, reason, org.eclipse.jetty.websocket.api.Callback.NOOP);
      }
    }
  }

  /** Open websockets, all accounts. */
  public int openWebSockets() {
    return (int) sockets.stream().filter(Socket::isOpen).count();
  }

  /** Open websockets for one account. */
  public int openWebSockets(String account) {
    return (int) sockets.stream().filter(s -> s.account.equals(account) && s.isOpen()).count();
  }

  /** Websocket handshakes accepted since the fake was made. */
  public int webSocketHandshakes() {
    return handshakes.get();
  }

  /** Waits until at least {@code count} websockets for {@code account} are open. */
  public boolean awaitWebSockets(String account, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (openWebSockets(account) >= count) {
        return true;
      }
      sleep(10);
    }
    return openWebSockets(account) >= count;
  }

  /** Envelopes waiting for a poll. */
  public int queuedEnvelopes(String account) {
    synchronized (lock) {
      Deque<String> q = queued.get(account);
      return q == null ? 0 : q.size();
    }
  }

  /** Polls ({@code GET /v1/receive/…} in normal/native mode) answered so far. */
  public int receivePolls() {
    return polls.get();
  }

  // ---------------------------------------------------------------- sending

  /** Answers sends with the newer array shape ({@code [{"timestamp":…}]}) instead of the released object. */
  public FakeSignalBridge respondWithArrayShape(boolean array) {
    this.arrayShape = array;
    return this;
  }

  /** The next {@code POST /v2/send} gets exactly this answer (JSON body). */
  public FakeSignalBridge failNextSendWith(int status, String body) {
    synchronized (lock) {
      sendScript.add(new Scripted(status, "application/json", body.getBytes(StandardCharsets.UTF_8)));
    }
    return this;
  }

  /** The next send is "accepted" in the array shape with a per-recipient failure such as UNREGISTERED_FAILURE. */
  public FakeSignalBridge failNextSendForRecipient(String reason) {
    synchronized (lock) {
      sendScript.add(new Scripted(-1, reason, new byte[0]));
    }
    return this;
  }

  /** The next send gets the bridge's 429 with these challenge tokens (issue #881: they may be {@code ""}). */
  public FakeSignalBridge rateLimitNextSend(String... challengeTokens) {
    StringBuilder tokens = new StringBuilder("[");
    for (int i = 0; i < challengeTokens.length; i++) {
      tokens.append(i == 0 ? "" : ",").append(quote(challengeTokens[i]));
    }
    tokens.append(']');
    return failNextSendWith(429, "{\"error\":\"Failed to send message due to rate limiting. Use the attached "
        + "challenge tokens to lift the rate limit restrictions via the '/v1/accounts/{number}/rate-limit-challenge'"
        + " endpoint.\",\"challenge_tokens\":" + tokens + ",\"account\":\"+49XXXXXXXXX\"}");
  }

  /** Raw JSON bodies of every {@code POST /v2/send}, in order. */
  public List<String> sentRequests() {
    List<String> bodies = new ArrayList<>();
    for (RecordedRequest r : requests) {
      if (r.method().equals("POST") && r.path().equals("/v2/send")) {
        bodies.add(r.body());
      }
    }
    return bodies;
  }

  /** The timestamp the last successful send answered. */
  public long lastSendTimestamp() {
    return lastSendTimestamp;
  }

  /** Every accepted send, in order. */
  public List<Sent> sends() {
    return List.copyOf(sends);
  }

  /** The last accepted send to {@code recipient} (a number or UUID as the send named it). */
  public java.util.Optional<Sent> sentTo(String recipient) {
    List<Sent> all = sends();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).recipients().contains(recipient)) {
        return java.util.Optional.of(all.get(i));
      }
    }
    return java.util.Optional.empty();
  }

  /** Every send to {@code recipient} gets exactly this answer from now on (JSON body). */
  public FakeSignalBridge failSendsTo(String recipient, int status, String body) {
    synchronized (lock) {
      recipientFailures.put(recipient, new Scripted(status, "application/json", body.getBytes(StandardCharsets.UTF_8)));
    }
    return this;
  }

  /** Every send to {@code recipient} is "accepted" with this per-recipient failure (array shape) from now on. */
  public FakeSignalBridge failSendsForRecipient(String recipient, String reason) {
    synchronized (lock) {
      recipientFailures.put(recipient, new Scripted(-1, reason, new byte[0]));
    }
    return this;
  }

  /** Every send to {@code recipient} has its connection cut without an answer from now on. */
  public FakeSignalBridge dropSendsTo(String recipient) {
    synchronized (lock) {
      recipientFailures.put(recipient, new Scripted(0, "", new byte[0]));
    }
    return this;
  }

  /** Sends to {@code recipient} succeed again. */
  public FakeSignalBridge clearSendFailures(String recipient) {
    synchronized (lock) {
      recipientFailures.remove(recipient);
    }
    return this;
  }

  // ---------------------------------------------------------------- other endpoints

  /** Makes {@code GET /v1/attachments/{id}} answer these bytes. */
  public FakeSignalBridge putAttachment(String id, String contentType, byte[] data) {
    synchronized (lock) {
      attachments.put(id, new Attachment(contentType, data.clone()));
    }
    return this;
  }

  /** The next request with this method and exact path gets exactly this answer. */
  public FakeSignalBridge failNext(String method, String path, int status, String body) {
    synchronized (lock) {
      overrides.computeIfAbsent(method.toUpperCase(Locale.ROOT) + " " + path, k -> new ArrayDeque<>())
          .add(new Scripted(status, "application/json", body.getBytes(StandardCharsets.UTF_8)));
    }
    return this;
  }

  /** Every request received, in order. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** Requests to one path (exact), in order. */
  public List<RecordedRequest> requests(String method, String path) {
    List<RecordedRequest> matching = new ArrayList<>();
    for (RecordedRequest r : requests) {
      if (r.method().equalsIgnoreCase(method) && r.path().equals(path)) {
        matching.add(r);
      }
    }
    return matching;
  }

  /** The PNG {@code /v1/qrcodelink} answers: a valid 1×1 image. */
  public static byte[] tinyPng() {
    return TINY_PNG.clone();
  }

  // ---------------------------------------------------------------- frames in the bridge's receive format

  /**
   * A direct text message from {@code from}, as one websocket frame: {@code {"envelope":{"source…","timestamp",
   * "dataMessage":{"timestamp","message","expiresInSeconds"}},"account"}}.
   */
  public static String textFrame(String account, Contact from, long timestamp, String text, int expiresInSeconds) {
    ObjectNode data = dataMessage(timestamp, text, expiresInSeconds);
    return frame(account, from, timestamp, "dataMessage", data);
  }

  /** A direct message carrying one attachment ({@code id} is what {@code /v1/attachments/{id}} serves). */
  public static String attachmentFrame(String account, Contact from, long timestamp, String text, String id,
      String contentType, String filename, long size) {
    ObjectNode data = dataMessage(timestamp, text, 0);
    ObjectNode attachment = data.putArray("attachments").addObject();
    attachment.put("contentType", contentType);
    attachment.put("filename", filename);
    attachment.put("id", id);
    attachment.put("size", size);
    return frame(account, from, timestamp, "dataMessage", data);
  }

  /** The person changed the disappearing-messages timer ({@code isExpirationUpdate}, no text). */
  public static String expiryUpdateFrame(String account, Contact from, long timestamp, int expiresInSeconds) {
    ObjectNode data = dataMessage(timestamp, null, expiresInSeconds);
    data.put("isExpirationUpdate", true);
    return frame(account, from, timestamp, "dataMessage", data);
  }

  /** A delivery ({@code read == false}) or read receipt for messages we sent, by the timestamps sends answered. */
  public static String receiptFrame(String account, Contact from, long when, boolean read, long... timestamps) {
    ObjectNode receipt = JSON.createObjectNode();
    receipt.put("when", when);
    receipt.put("isDelivery", !read);
    receipt.put("isRead", read);
    receipt.put("isViewed", false);
    ArrayNode list = receipt.putArray("timestamps");
    for (long t : timestamps) {
      list.add(t);
    }
    return frame(account, from, when, "receiptMessage", receipt);
  }

  /** What signal-cli reports when a contact's safety number changed: an undecryptable envelope. */
  public static String untrustedIdentityFrame(String account, Contact from, long timestamp) {
    ObjectNode root = JSON.createObjectNode();
    root.put("account", account);
    ObjectNode exception = root.putObject("exception");
    exception.put("message", "Untrusted identity: " + from.uuid() + ". Device: 1");
    exception.put("type", "UntrustedIdentityException");
    root.set("envelope", envelope(from, timestamp));
    return root.toString();
  }

  private static ObjectNode dataMessage(long timestamp, String text, int expiresInSeconds) {
    ObjectNode data = JSON.createObjectNode();
    data.put("timestamp", timestamp);
    if (text == null) {
      data.putNull("message");
    } else {
      data.put("message", text);
    }
    data.put("expiresInSeconds", expiresInSeconds);
    data.put("viewOnce", false);
    return data;
  }

  private static ObjectNode envelope(Contact from, long timestamp) {
    ObjectNode envelope = JSON.createObjectNode();
    if (from.number() == null) {
      envelope.putNull("source");
      envelope.putNull("sourceNumber");
    } else {
      envelope.put("source", from.number());
      envelope.put("sourceNumber", from.number());
    }
    envelope.put("sourceUuid", from.uuid());
    if (from.name() != null) {
      envelope.put("sourceName", from.name());
    }
    envelope.put("sourceDevice", 1);
    envelope.put("timestamp", timestamp);
    envelope.put("serverReceivedTimestamp", timestamp + 100);
    envelope.put("serverDeliveredTimestamp", timestamp + 200);
    return envelope;
  }

  private static String frame(String account, Contact from, long timestamp, String kind, ObjectNode content) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode envelope = envelope(from, timestamp);
    envelope.set(kind, content);
    root.set("envelope", envelope);
    root.put("account", account);
    return root.toString();
  }

  // ---------------------------------------------------------------- HTTP

  private Object upgrade(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
    String path = Request.getPathInContext(request);
    record(request, path, "");
    if (!mode.websocket()) {
      // Normal mode has a plain GET here: a websocket client gets a JSON answer, and its handshake fails.
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap("[]".getBytes(StandardCharsets.UTF_8)), callback);
      return null;
    }
    handshakes.incrementAndGet();
    return new Socket(decode(path.substring("/v1/receive/".length())));
  }

  private final class Rest extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String path = Request.getPathInContext(request);
      String method = request.getMethod();
      String body = Content.Source.asString(request, StandardCharsets.UTF_8);
      record(request, path, body);
      Scripted override;
      synchronized (lock) {
        Deque<Scripted> q = overrides.get(method + " " + path);
        override = q == null ? null : q.poll();
      }
      if (override != null) {
        return answer(response, callback, override.status, override.contentType, override.body);
      }
      if (method.equals("GET") && path.equals("/v1/health")) {
        response.setStatus(204);
        callback.succeeded();
        return true;
      }
      if (method.equals("GET") && path.equals("/v1/about")) {
        return json(response, callback, 200, "{\"versions\":[\"v1\",\"v2\"],\"build\":2,\"mode\":" + quote(mode.wire())
            + ",\"version\":" + quote(version) + ",\"capabilities\":{\"v2/send\":[\"quotes\",\"mentions\"]}}");
      }
      if (method.equals("GET") && path.equals("/v1/accounts")) {
        StringBuilder list = new StringBuilder("[");
        for (String account : accounts()) {
          list.append(list.length() > 1 ? "," : "").append(quote(account));
        }
        return json(response, callback, 200, list.append(']').toString());
      }
      if (method.equals("POST") && path.equals("/v2/send")) {
        return send(request, response, callback, body);
      }
      if (method.equals("GET") && path.startsWith("/v1/receive/")) {
        if (mode.websocket()) {
          return json(response, callback, 400, "{\"error\":" + quote(NOT_WEBSOCKET) + "}");
        }
        return poll(request, response, callback, decode(path.substring("/v1/receive/".length())));
      }
      if (method.equals("GET") && path.startsWith("/v1/attachments/")) {
        Attachment a;
        synchronized (lock) {
          a = attachments.get(decode(path.substring("/v1/attachments/".length())));
        }
        if (a == null) {
          return json(response, callback, 404, "{\"error\":\"No attachment with that name found\"}");
        }
        return answer(response, callback, 200, a.contentType, a.data);
      }
      if (method.equals("GET") && path.equals("/v1/qrcodelink")) {
        String name = Request.extractQueryParameters(request).getValue("device_name");
        if (name == null || name.isEmpty()) {
          return json(response, callback, 400, "{\"error\":\"Please provide a name for the device\"}");
        }
        return answer(response, callback, 200, "image/png", TINY_PNG);
      }
      if (method.equals("PUT") && path.startsWith("/v1/identities/") && path.contains("/trust/")) {
        response.setStatus(204);
        callback.succeeded();
        return true;
      }
      if (method.equals("POST") && path.matches("/v1/accounts/[^/]+/rate-limit-challenge")) {
        response.setStatus(204);
        callback.succeeded();
        return true;
      }
      return json(response, callback, 404, "{\"error\":\"404 page not found\"}");
    }
  }

  private boolean send(Request request, Response response, Callback callback, String body) {
    JsonNode parsed = null;
    try {
      parsed = JSON.readTree(body);
    } catch (IOException | RuntimeException e) {
      // answered below as an invalid request
    }
    List<String> recipients = new ArrayList<>();
    if (parsed != null) {
      parsed.path("recipients").forEach(r -> recipients.add(r.asText()));
    }
    Scripted scripted;
    synchronized (lock) {
      scripted = sendScript.poll();
      if (scripted == null) {
        for (String recipient : recipients) {
          if (recipientFailures.containsKey(recipient)) {
            scripted = recipientFailures.get(recipient);
            break;
          }
        }
      }
    }
    if (scripted != null && scripted.status == 0) {
      // A bridge that died mid-request: the connection closes without an answer.
      request.getConnectionMetaData().getConnection().getEndPoint().close();
      callback.succeeded();
      return true;
    }
    if (scripted != null && scripted.status > 0) {
      return answer(response, callback, scripted.status, scripted.contentType, scripted.body);
    }
    if (parsed == null || !parsed.has("number") || !parsed.has("recipients")) {
      return json(response, callback, 400, "{\"error\":\"Couldn't process request - invalid request\"}");
    }
    long timestamp = clock.incrementAndGet();
    String ts = quote(String.valueOf(timestamp));
    if (scripted != null) {
      // A per-recipient failure: only the newer array shape can say so.
      return json(response, callback, 201, "[{\"timestamp\":" + ts + ",\"errors\":{\"recipients\":[{\"number\":"
          + "\"+4912812812121\",\"uuid\":\"6829c2ae-bb7b-4642-b2a7-fb0d502e188a\",\"reason\":"
          + quote(scripted.contentType) + "}]}}]");
    }
    lastSendTimestamp = timestamp;
    sends.add(new Sent(parsed.path("number").asText(""), List.copyOf(recipients), parsed.path("message").asText(""),
        String.valueOf(timestamp)));
    return json(response, callback, 201, arrayShape ? "[{\"timestamp\":" + ts + "}]" : "{\"timestamp\":" + ts + "}");
  }

  private boolean poll(Request request, Response response, Callback callback, String account) {
    Fields query = Request.extractQueryParameters(request);
    long timeoutSeconds = 1;
    try {
      String t = query.getValue("timeout");
      if (t != null) {
        timeoutSeconds = Long.parseLong(t);
      }
    } catch (NumberFormatException e) {
      return json(response, callback, 400, "{\"error\":\"Couldn't process request - timeout needs to be numeric!\"}");
    }
    if (!accounts().contains(account)) {
      return json(response, callback, 400, "{\"error\":" + quote("User " + account + " is not registered.\n") + "}");
    }
    polls.incrementAndGet();
    long waitMillis = Math.min(timeoutSeconds * 1000, maxPollWait.toMillis());
    long deadline = System.nanoTime() + waitMillis * 1_000_000;
    List<String> frames = new ArrayList<>();
    synchronized (lock) {
      Deque<String> q = queued.computeIfAbsent(account, k -> new ArrayDeque<>());
      while (q.isEmpty() && server != null) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          break;
        }
        try {
          lock.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      while (!q.isEmpty()) {
        frames.add(q.poll());
      }
    }
    return json(response, callback, 200, "[" + String.join(",", frames) + "]");
  }

  private void record(Request request, String path, String body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    request.getHeaders().forEach(f -> headers.computeIfAbsent(f.getName(), k -> new ArrayList<>()).add(f.getValue()));
    String query = request.getHttpURI().getQuery();
    requests.add(new RecordedRequest(request.getMethod(), path, query == null ? "" : query, headers, body));
  }

  private static boolean json(Response response, Callback callback, int status, String body) {
    return answer(response, callback, status, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean answer(Response response, Callback callback, int status, String contentType, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  /** A JSON string literal. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** Percent-decodes a path segment ({@code +} stays {@code +}, as in Go's PathUnescape). */
  private static String decode(String segment) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%' && i + 2 < segment.length()) {
        out.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Scripted(int status, String contentType, byte[] body) {
  }

  private record Attachment(String contentType, byte[] data) {
  }

  /**
   * One server-side receive websocket, registered for its account while open. Public only because Jetty calls its
   * listener methods reflectively; tests have no use for it.
   */
  public final class Socket implements Session.Listener.AutoDemanding {
    private final String account;
    private volatile Session session;

    private Socket(String account) {
      this.account = account;
    }

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
      sockets.add(this);
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
      pongs.incrementAndGet();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, org.eclipse.jetty.websocket.api.Callback callback) {
      sockets.remove(this);
      callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      sockets.remove(this);
    }

    boolean isOpen() {
      Session s = session;
      return s != null && s.isOpen();
    }

    /** Sends one frame and waits until it is written, so frames keep their order. */
    synchronized boolean send(String text) {
      Session s = session;
      if (s == null || !s.isOpen()) {
        return false;
      }
      CompletableFuture<Void> written = new CompletableFuture<>();
      s.sendText(text, org.eclipse.jetty.websocket.api.Callback.from(() -> written.complete(null),
          written::completeExceptionally));
      try {
        written.get(5, TimeUnit.SECONDS);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (ExecutionException | TimeoutException e) {
        return false;
      }
    }
  }
}
