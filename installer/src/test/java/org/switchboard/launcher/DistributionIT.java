package org.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.testkit.TestHttp;

/**
 * The packaged distribution as an admin runs it: {@code bin/switchboard init}, {@code token create}, {@code serve}
 * with the pre-installed Twilio plugin, and a {@code kill -9} in the middle of a flood of signed webhooks — after a
 * restart every acknowledged message is there exactly once.
 */
class DistributionIT {
  private static final Path DIST = Path.of("target/switchboard");
  private static final String SID = "AC00000000000000000000000000000001";
  private static final String AUTH = "test-auth-token-0123456789";
  private static final String HOTLINE = "+15005550006";

  @TempDir
  Path dir;

  private Process server;
  private HttpServer fakeTwilio;

  @AfterEach
  void stop() {
    if (server != null) {
      server.destroyForcibly();
    }
    if (fakeTwilio != null) {
      fakeTwilio.stop(0);
    }
  }

  @Test
  void pluginsListShowsThePreInstalledChannelPlugins() throws Exception {
    try (var jars = Files.list(DIST.resolve("plugins"))) {
      assertThat(jars.map(jar -> jar.getFileName().toString())).anyMatch(name -> name.startsWith("switchboard-meta-"));
    }
    Process list = cli(dir.resolve("data"), "plugins", "list");

    assertThat(list.exitValue()).isZero();
    assertThat(Files.readString(output(list)).lines().map(line -> line.split("\\s+")[0]))
        .contains("twilio", "signal", "meta");
  }

  @Test
  void acknowledgedWebhooksSurviveKillNineExactlyOnce() throws Exception {
    Path password = dir.resolve("pw");
    Files.writeString(password, "distribution test password\n");
    Path data = dir.resolve("data");
    assertThat(cli(data, "init", "--org", "Line", "--admin-email", "owner@example.org", "--admin-password-file",
        password.toString()).exitValue()).isZero();
    String token = Files.readString(output(cli(data, "token", "create", "--email", "owner@example.org",
        "--password-file", password.toString()))).trim();
    assertThat(token).startsWith("sbt_");

    int port = freePort();
    startFakeTwilio();
    server = serve(data, port);
    TestHttp api = new TestHttp(URI.create("http://127.0.0.1:" + port)).withBearer(token);
    var created = api.postJson("/api/v1/channels", Map.of("type", "twilio", "name", "Main", "settings", Map.of(
        "accountSid", SID, "authToken", AUTH, "apiBaseUrl", "http://127.0.0.1:" + fakeTwilio.getAddress().getPort(),
        "messagingBaseUrl", "http://127.0.0.1:" + fakeTwilio.getAddress().getPort())));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("state").asText()).isEqualTo("active");
    long connector = created.json().get("id").asLong();
    String webhook = created.json().get("webhookUrl").asText();
    assertThat(api.putJson("/api/v1/channels/" + connector + "/numbers",
        Map.of("providerRefs", List.of("PN0001"))).status()).isEqualTo(200);

    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean flooding = new AtomicBoolean(true);
    ExecutorService senders = Executors.newFixedThreadPool(8);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      senders.execute(() -> {
        for (int i = 0; flooding.get(); i++) {
          String sid = String.format("SM%02d%030d", thread, i);
          try {
            if (post(client, webhook, sid) == 200) {
              acknowledged.add(sid);
            }
          } catch (IOException e) {
            return;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      });
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < until || acknowledged.size() < 50) {
      Thread.sleep(20);
    }
    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    flooding.set(false);
    senders.shutdown();
    assertThat(senders.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    server = serve(data, port);
    // Every acknowledged webhook is stored; sending them all again (provider retries) adds nothing.
    int stored = countMessages(data);
    assertThat(stored).isGreaterThanOrEqualTo(acknowledged.size());
    for (String sid : new ArrayList<>(acknowledged).subList(0, Math.min(100, acknowledged.size()))) {
      assertThat(post(client, webhook, sid)).isEqualTo(200);
    }
    assertThat(countMessages(data)).isEqualTo(stored);
    assertThat(api.get("/api/v1/conversations").status()).isEqualTo(200);
  }

  /** Counts stored messages straight from the database file (the server keeps running; WAL readers are fine). */
  private int countMessages(Path data) throws Exception {
    try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("switchboard.db"));
        var result = connection.createStatement().executeQuery("SELECT count(*) FROM messages")) {
      result.next();
      return result.getInt(1);
    }
  }

  private int post(HttpClient client, String webhook, String sid) throws IOException, InterruptedException {
    int sender = Math.abs(sid.hashCode() % 40);
    Map<String, String> params = new TreeMap<>(Map.of("MessageSid", sid, "AccountSid", SID,
        "From", "+1555010" + String.format("%04d", sender), "To", HOTLINE, "Body", "flood message " + sid,
        "NumMedia", "0"));
    StringBuilder signed = new StringBuilder(webhook);
    params.forEach((k, v) -> signed.append(k).append(v));
    String signature;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(AUTH.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      signature = Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    StringBuilder form = new StringBuilder();
    params.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(webhook))
        .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
        HttpResponse.BodyHandlers.discarding());
    return response.statusCode();
  }

  private void startFakeTwilio() throws IOException {
    fakeTwilio = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fakeTwilio.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      String body;
      if (path.endsWith("/IncomingPhoneNumbers.json")) {
        body = "{\"incoming_phone_numbers\":[{\"sid\":\"PN0001\",\"phone_number\":\"" + HOTLINE + "\","
            + "\"friendly_name\":\"Hotline\",\"capabilities\":{\"sms\":true,\"mms\":true},\"sms_url\":\"\"}],"
            + "\"next_page_uri\":null}";
      } else if (path.endsWith("/Accounts/" + SID + ".json")) {
        body = "{\"sid\":\"" + SID + "\",\"friendly_name\":\"Test account\",\"status\":\"active\"}";
      } else {
        body = "{\"code\":20404,\"message\":\"not found\",\"status\":404}";
        exchange.sendResponseHeaders(404, body.length());
        exchange.getResponseBody().write(body.getBytes(StandardCharsets.UTF_8));
        exchange.close();
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    fakeTwilio.start();
  }

  private Process serve(Path data, int port) throws Exception {
    Process process = launcher(data, "serve", "--port", String.valueOf(port), "--bind", "127.0.0.1")
        .redirectOutput(dir.resolve("serve-" + System.nanoTime() + ".log").toFile())
        .redirectErrorStream(true).start();
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        var health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (health.statusCode() == 200) {
          return process;
        }
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("server did not become healthy");
  }

  private Process cli(Path data, String... args) throws Exception {
    Process process = launcher(data, args).redirectOutput(dir.resolve("cli-" + System.nanoTime() + ".out").toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process;
  }

  private Path output(Process process) throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".out"))
          .max((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).orElseThrow();
    }
  }

  private ProcessBuilder launcher(Path data, String... args) {
    List<String> command = new ArrayList<>();
    command.add(DIST.resolve("bin/switchboard").toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("SWITCHBOARD_DATA", data.toString());
    builder.environment().put("SWITCHBOARD_JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC -Dswitchboard.kdf=minimum "
        + "-Dswitchboard.http.loopbackOnly=true");
    return builder;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
