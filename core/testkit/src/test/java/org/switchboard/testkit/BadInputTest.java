package org.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.storage.schema.Tables.MESSAGES;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.switchboard.channels.ConnectorService;

/** Bad input gets a clear 4xx with a JSON reason, never a stack trace or a 500, and nothing half-written. */
class BadInputTest {
  private static TestSwitchboard server;
  private static TestHttp api;
  private static long conversation;

  @BeforeAll
  static void start() {
    server = TestSwitchboard.start();
    var org = server.createOrg("Line");
    String token = server.get(ConnectorService.class).list(org.id()).get(0).webhookToken();
    new WebChatServiceDriver(server, token).say("hello");
    api = server.http().withBearer(server.apiToken(org.ownerEmail()));
    conversation = api.get("/api/v1/conversations").json().get("conversations").get(0).get("id").asLong();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    server.deleteData();
  }

  private static int messages() {
    return server.server().database().read().fetchCount(MESSAGES);
  }

  private static void assertError(TestHttp.Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.json().get("error").asText()).isEqualTo(code);
    assertThat(reply.json().get("message").asText()).isNotBlank();
    assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void emptyAndOversizedRepliesAreRefusedAndNothingIsStored() {
    int before = messages();
    String path = "/api/v1/conversations/" + conversation + "/messages";
    assertError(api.postJson(path, Map.of("text", "   ")), 400, "bad_input");
    assertError(api.postJson(path, Map.of("text", "x".repeat(2001))), 400, "bad_input");
    assertThat(api.postJson(path, Map.of("text", "x".repeat(2001))).json().get("field").asText()).isEqualTo("text");
    assertError(api.postJson("/api/v1/conversations/" + conversation + "/notes", Map.of("text", "")), 400, "bad_input");
    assertThat(messages()).isEqualTo(before);
  }

  @Test
  void malformedJsonAndUnknownFieldsAreRefused() {
    String path = "/api/v1/conversations/" + conversation + "/messages";
    assertError(api.postJson(path, "{\"text\": "), 400, "malformed_json");
    assertError(api.postJson(path, "{\"txt\": \"hi\"}"), 400, "malformed_json");
    assertError(api.postJson(path, "[1,2,3]"), 400, "malformed_json");
    assertError(api.postRaw(path, "text/plain", "hi".getBytes(), Map.of()), 415, "http_415");
  }

  @Test
  void unknownIdsAndPathsAre404AndBadFiltersAre400() {
    assertError(api.get("/api/v1/conversations/999999"), 404, "not_found");
    assertError(api.get("/api/v1/conversations/abc"), 404, "http_404");
    assertError(api.get("/api/v1/nothing-here"), 404, "http_404");
    assertError(api.get("/api/v1/conversations?view=everything"), 400, "bad_input");
    assertError(api.putJson("/api/v1/conversations/" + conversation + "/status", Map.of("status", "gone")), 400,
        "bad_input");
    assertError(api.postJson("/api/v1/channels", Map.of("type", "carrier-pigeon")), 400, "bad_input");
    assertError(api.postJson("/api/v1/users", Map.of("email", "not-an-email", "password", "x")), 400, "bad_input");
  }

  @Test
  void anonymousCallsAreRefusedWith401() {
    var anonymous = server.http();
    assertError(anonymous.get("/api/v1/conversations"), 401, "unauthenticated");
    assertError(anonymous.withBearer("sbt_" + "A".repeat(43)).get("/api/v1/conversations"), 401, "unauthenticated");
  }

  @Test
  void unknownWebhookTokensAre404AndHealthzAnswers() {
    assertThat(server.http().postRaw("/hooks/doesnotexist0000000000000", "application/x-www-form-urlencoded",
        "a=b".getBytes(), Map.of()).status()).isEqualTo(404);
    var health = server.http().get("/healthz");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("database").asText()).isEqualTo("ok");
    assertThat(health.json().get("setupComplete").asBoolean()).isTrue();
  }
}
