package org.switchboard.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.HttpCall;
import org.switchboard.api.HttpReply;
import org.switchboard.api.HttpTransport;

/** The transport plugins get: its deadline covers the whole answer, and its size cap holds. */
class JdkHttpTransportTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/ok", exchange -> {
      byte[] body = "{\"sid\":\"SM1\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.createContext("/stalls", exchange -> {
      // Headers and the first bytes at once, then nothing: the way a wedged proxy or bridge answers.
      exchange.sendResponseHeaders(200, 1000);
      OutputStream out = exchange.getResponseBody();
      out.write("{\"partial\":".getBytes(StandardCharsets.UTF_8));
      out.flush();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    server.createContext("/slow-redirect", exchange -> {
      try {
        Thread.sleep(400);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.getResponseHeaders().add("Location", "/slow-redirect");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.createContext("/big", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(new byte[64 * 1024]);
      }
    });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  @Test
  void readsAWholeAnswer() throws Exception {
    HttpReply reply = new JdkHttpTransport(true).send(HttpCall.get(base.resolve("/ok")).build());
    assertThat(reply.status()).isEqualTo(200);
    assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("{\"sid\":\"SM1\"}");
  }

  @Test
  void aServerThatStallsAfterTheHeadersIsLetGoAtTheDeadline() {
    HttpCall call = HttpCall.get(base.resolve("/stalls")).timeout(Duration.ofSeconds(1)).build();
    long started = System.nanoTime();
    assertThatThrownBy(() -> new JdkHttpTransport(true).send(call)).isInstanceOf(HttpTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("gave up at the deadline, not when the server did")
        .isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void redirectsShareTheCallsOneDeadline() {
    // Six slow hops would take 2.4 s; the call has one second in all.
    HttpCall call = HttpCall.get(base.resolve("/slow-redirect")).timeout(Duration.ofSeconds(1)).build();
    assertThatThrownBy(() -> new JdkHttpTransport(true).send(call)).isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void anAnswerOverTheCapIsRefused() {
    HttpCall call = HttpCall.get(base.resolve("/big")).maxResponseBytes(16 * 1024).build();
    assertThatThrownBy(() -> new JdkHttpTransport(true).send(call))
        .isInstanceOf(HttpTransport.ResponseTooLargeException.class);
  }
}
