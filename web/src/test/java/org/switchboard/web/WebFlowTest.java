package org.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.channels.ConnectorService;
import org.switchboard.events.LiveStreams;
import org.switchboard.testkit.TestHttp;
import org.switchboard.testkit.TestSwitchboard;
import org.switchboard.testkit.Waits;
import org.switchboard.testkit.WebChatServiceDriver;
import org.switchboard.webchat.Visitor;

class WebFlowTest {
  private TestSwitchboard server;

  @BeforeEach
  void start() {
    server = TestSwitchboard.builder().module(new WebModule()).start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    server.deleteData();
  }

  @Test
  void setupLoginChatReplyLogout() {
    TestHttp browser = server.http();
    assertThat(browser.getHtml("/").status()).isEqualTo(303);
    var setupForm = browser.getHtml("/setup");
    assertThat(setupForm.status()).isEqualTo(200);
    String form = field(setupForm.body(), "form");

    var wrongCode = browser.postForm("/setup", TestHttp.fields("form", form, "code", "AAAA-BBBB-CCCC",
        "org", "Harm Reduction Line", "timezone", "Europe/Berlin", "name", "Ana", "email", "ana@example.org",
        "password", TestSwitchboard.PASSWORD, "password2", TestSwitchboard.PASSWORD));
    assertThat(wrongCode.status()).isEqualTo(401);

    String code = server.server().setupCode().orElseThrow();
    var done = browser.postForm("/setup", TestHttp.fields("form", form, "code", code,
        "org", "Harm Reduction Line", "timezone", "Europe/Berlin", "name", "Ana", "email", "ana@example.org",
        "password", TestSwitchboard.PASSWORD, "password2", TestSwitchboard.PASSWORD));
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.body()).containsPattern("[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}");
    assertThat(server.server().setupCode()).isEmpty();

    var inbox = browser.getHtml("/");
    assertThat(inbox.status()).isEqualTo(200);
    assertThat(inbox.body()).contains("Inbox");

    var settings = browser.getHtml("/settings");
    Matcher chat = Pattern.compile("(/chat/[A-Za-z0-9_-]+)").matcher(settings.body());
    assertThat(chat.find()).isTrue();
    String chatPath = chat.group(1);

    TestHttp visitor = server.http();
    var chatPage = visitor.getHtml(chatPath);
    assertThat(chatPage.status()).isEqualTo(200);
    var sent = visitor.postForm(chatPath, TestHttp.fields("form", field(chatPage.body(), "form"),
        "nonce", field(chatPage.body(), "nonce"), "text", "Is anyone there?"));
    assertThat(sent.status()).isEqualTo(303);

    var list = browser.getHtml("/");
    assertThat(list.body()).contains("Is anyone there?");
    Matcher link = Pattern.compile("href=\"/c/([0-9]+)").matcher(list.body());
    assertThat(link.find()).isTrue();
    String conversation = "/c/" + link.group(1);
    var view = browser.getHtml(conversation);
    assertThat(view.body()).contains("Is anyone there?");
    // The anonymous visitor's stand-in name comes from the message bundle, numbered by contact.
    assertThat(list.body()).containsPattern(">Web visitor [0-9]+<");
    assertThat(view.body()).containsPattern("<h2 id=\"conv-title\">Web visitor [0-9]+</h2>")
        .doesNotContain("contact.webVisitor");
    String csrf = view.csrf();

    var noCsrf = browser.postForm(conversation + "/reply", TestHttp.fields("text", "hello"));
    assertThat(noCsrf.status()).isEqualTo(403);
    var reply = browser.postForm(conversation + "/reply", TestHttp.fields("csrf", csrf, "text", "Yes, we are here."));
    assertThat(reply.status()).isEqualTo(303);

    Waits.until(Duration.ofSeconds(10), () -> visitor.getHtml(chatPath + "/transcript").body()
        .contains("Yes, we are here."));

    var logout = browser.postForm("/logout", TestHttp.fields("csrf", csrf));
    assertThat(logout.status()).isEqualTo(303);
    assertThat(browser.getHtml("/").status()).isEqualTo(303);
    assertThat(browser.getHtml(conversation).status()).isEqualTo(303);
  }

  static String field(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    assertThat(m.find()).as("field " + name).isTrue();
    return m.group(1);
  }

  @Test
  void refusalsOnPagesAreWordedFromTheMessageBundle() {
    var line = server.createOrg("Night Line");
    String chatPath = "/chat/" + server.get(ConnectorService.class).list(line.id()).get(0).webhookToken();
    TestHttp visitor = server.http();
    var chatPage = visitor.getHtml(chatPath);
    var fields = TestHttp.fields("form", field(chatPage.body(), "form"), "nonce", field(chatPage.body(), "nonce"),
        "text", "   ");

    // Without JavaScript: the page again, with the reason (the bundle words it "Write a message first.").
    var empty = visitor.postForm(chatPath, fields);
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.body()).contains("Write a message first.");

    // The page's script asks for JSON and shows the message as it is: the same words.
    var json = visitor.postRaw(chatPath, "application/x-www-form-urlencoded",
        TestHttp.form(fields).getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of("Accept", "application/json"));
    assertThat(json.status()).isEqualTo(400);
    assertThat(json.json().get("message").asText()).isEqualTo("Write a message first.");
    assertThat(json.json().get("field").asText()).isEqualTo("text");
    var inEsperanto = visitor.postRaw(chatPath, "application/x-www-form-urlencoded",
        TestHttp.form(fields).getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Map.of("Accept", "application/json", "Accept-Language", "eo, en;q=0.5"));
    assertThat(inEsperanto.json().get("message").asText()).as("a language with a bundle file")
        .isEqualTo("Unue skribu mesaĝon.");

    // The login page, too.
    TestHttp browser = server.http();
    var login = browser.getHtml("/login");
    var wrong = browser.postForm("/login", TestHttp.fields("form", field(login.body(), "form"),
        "email", line.ownerEmail(), "password", "not the password"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).contains("The e-mail or the password is wrong.");
  }

  @Test
  void aMadeUpVisitorCannotHoldALiveStreamOpen() {
    var line = server.createOrg("Night Line");
    String token = server.get(ConnectorService.class).list(line.id()).get(0).webhookToken();
    var streams = server.get(LiveStreams.class);
    int before = streams.openCount();
    String cookie = "sb_visitor=" + Visitor.create().cookieValue();

    var reply = server.http().get("/chat/" + token + "/events", Map.of("Accept", "text/event-stream", "Cookie", cookie));
    assertThat(reply.status()).as("a visitor who never wrote has nothing to follow").isEqualTo(404);
    assertThat(streams.openCount()).isEqualTo(before);
  }

  @Test
  void chatStreamsAreCappedPerVisitorAndPerAddress() throws Exception {
    var line = server.createOrg("Night Line");
    String token = server.get(ConnectorService.class).list(line.id()).get(0).webhookToken();
    var streams = server.get(LiveStreams.class);
    int before = streams.openCount();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<HttpResponse<InputStream>> open = new ArrayList<>();
    try {
      // One visitor (say, reloading a tab): each new stream past the cap closes their oldest.
      WebChatServiceDriver first = new WebChatServiceDriver(server, token).say("hello");
      for (int i = 0; i < LiveStreams.STREAMS_PER_VISITOR + 2; i++) {
        HttpResponse<InputStream> stream = client.send(events(token, first), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).as("stream %d of one visitor", i + 1).isEqualTo(200);
        open.add(stream);
      }
      Waits.until(Duration.ofSeconds(10), () -> streams.openCount() == before + LiveStreams.STREAMS_PER_VISITOR);

      // Many visitors behind one address: past the address's cap, a 429.
      int room = LiveStreams.VISITOR_STREAMS_PER_ADDRESS - LiveStreams.STREAMS_PER_VISITOR;
      while (room > 0) {
        WebChatServiceDriver visitor = new WebChatServiceDriver(server, token).say("hello");
        for (int i = 0; i < LiveStreams.STREAMS_PER_VISITOR && room > 0; i++, room--) {
          HttpResponse<InputStream> stream =
              client.send(events(token, visitor), HttpResponse.BodyHandlers.ofInputStream());
          assertThat(stream.statusCode()).isEqualTo(200);
          open.add(stream);
        }
      }
      int cap = before + LiveStreams.VISITOR_STREAMS_PER_ADDRESS;
      Waits.until(Duration.ofSeconds(10), () -> streams.openCount() == cap);
      WebChatServiceDriver late = new WebChatServiceDriver(server, token).say("hello");
      HttpResponse<String> refused = client.send(events(token, late), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(streams.openCount()).isEqualTo(cap);
    } finally {
      for (HttpResponse<InputStream> stream : open) {
        stream.body().close();
      }
    }
  }

  private HttpRequest events(String token, WebChatServiceDriver visitor) {
    return HttpRequest.newBuilder(server.baseUrl().resolve("/chat/" + token + "/events"))
        .header("Accept", "text/event-stream").header("Cookie", "sb_visitor=" + visitor.visitor().cookieValue())
        .build();
  }
}
