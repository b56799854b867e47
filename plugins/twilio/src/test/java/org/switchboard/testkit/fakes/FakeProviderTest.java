package org.switchboard.testkit.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The generic fake provider on its own, with a plain JDK client: what provider tests rely on. */
class FakeProviderTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private HttpResponse<String> post(FakeProvider fake, String pathAndQuery, String form) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(fake.base() + pathAndQuery))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic abc")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void scriptsRepliesByMethodPathAndQueryAndRecordsRequestsExactly() throws Exception {
    try (FakeProvider fake = new FakeProvider()) {
      fake.on("POST", "/send", FakeProvider.json(201, "{\"id\":\"m1\"}").header("X-Request-Id", "r1"))
          .on("POST", "/send?dry=1", FakeProvider.json(200, "{\"dry\":true}"))
          .when("POST", "/send", r -> "+15550100".equals(r.formField("To")), FakeProvider.json(429, "{}"));

      HttpResponse<String> sent = post(fake, "/send?x=1", "To=%2B15550199&Body=hi");
      assertThat(sent.statusCode()).isEqualTo(201);
      assertThat(sent.headers().firstValue("X-Request-Id")).hasValue("r1");
      assertThat(post(fake, "/send?dry=1", "To=%2B15550199").body()).isEqualTo("{\"dry\":true}");
      assertThat(post(fake, "/send", "To=%2B15550100").statusCode()).as("a rule wins").isEqualTo(429);
      assertThat(post(fake, "/other", "").statusCode()).as("unscripted").isEqualTo(404);

      FakeProvider.Recorded first = fake.requests().get(0);
      assertThat(first.method()).isEqualTo("POST");
      assertThat(first.path()).isEqualTo("/send");
      assertThat(first.query()).isEqualTo("x=1");
      assertThat(first.header("authorization")).isEqualTo("Basic abc");
      assertThat(first.bodyText()).isEqualTo("To=%2B15550199&Body=hi");
      assertThat(first.formField("To")).isEqualTo("+15550199");
      assertThat(fake.requests("POST", "/send")).hasSize(3);
    }
  }

  @Test
  void delaysDropsAndOutagesOnTheSamePort() throws Exception {
    try (FakeProvider fake = new FakeProvider()) {
      fake.on("POST", "/slow", FakeProvider.empty(204).delayed(Duration.ofMillis(300)))
          .on("POST", "/drop", FakeProvider.drop());
      long started = System.nanoTime();
      assertThat(post(fake, "/slow", "").statusCode()).isEqualTo(204);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
      assertThatThrownBy(() -> post(fake, "/drop", "")).isInstanceOf(IOException.class);

      int port = fake.port();
      fake.stop();
      assertThat(fake.isRunning()).isFalse();
      assertThatThrownBy(() -> post(fake, "/slow", "")).isInstanceOf(IOException.class);
      fake.start();
      assertThat(fake.port()).isEqualTo(port);
      assertThat(post(fake, "/slow", "").statusCode()).as("scripts survive an outage").isEqualTo(204);
    }
  }

  @Test
  void theRecordingTransportRefusesAnythingPastLoopbackBeforeAnyLookup() {
    RecordingTransport transport = new RecordingTransport();
    assertThatThrownBy(() -> transport.send(org.switchboard.api.HttpCall.get(URI.create("https://api.twilio.com/x"))
        .build())).isInstanceOf(IOException.class).hasMessageContaining("past loopback");
    assertThat(transport.refused()).containsExactly("api.twilio.com");
    assertThat(transport.calls()).isEmpty();
    assertThat(RecordingTransport.isLoopback(URI.create("http://localhost:1/"))).isTrue();
    assertThat(RecordingTransport.isLoopback(URI.create("http://127.0.0.1:1/"))).isTrue();
    assertThat(RecordingTransport.isLoopback(URI.create("http://127.example.org/"))).isFalse();
  }
}
