package org.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.switchboard.channels.ConnectorService;

/** Two organizations on one appliance see nothing of each other. */
class IsolationTest {
  private static TestSwitchboard server;
  private static TestHttp alpha;
  private static TestHttp beta;
  private static long betaConversation;
  private static long betaConnector;

  @BeforeAll
  static void start() {
    server = TestSwitchboard.start();
    var a = server.createOrg("Alpha");
    var b = server.createOrg("Beta");
    say(a.id(), "alpha's caller");
    say(b.id(), "beta's caller");
    alpha = server.http().withBearer(server.apiToken(a.ownerEmail()));
    beta = server.http().withBearer(server.apiToken(b.ownerEmail()));
    betaConversation = beta.get("/api/v1/conversations").json().get("conversations").get(0).get("id").asLong();
    betaConnector = beta.get("/api/v1/channels").json().get(0).get("id").asLong();
  }

  private static void say(long orgId, String text) {
    String token = server.get(ConnectorService.class).list(orgId).get(0).webhookToken();
    new WebChatServiceDriver(server, token).say(text);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    server.deleteData();
  }

  @Test
  void listsShowOnlyTheCallersOrganization() {
    var list = alpha.get("/api/v1/conversations").json().get("conversations");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("preview").asText()).isEqualTo("alpha's caller");
    assertThat(alpha.get("/api/v1/contacts").json()).hasSize(1);
    assertThat(alpha.get("/api/v1/users").json()).hasSize(1);
    assertThat(alpha.get("/api/v1/channels").json().toString()).doesNotContain(String.valueOf("/hooks/"
        + server.get(ConnectorService.class).find(betaConnector).orElseThrow().webhookToken()));
  }

  @Test
  void anotherOrganizationsIdsLookUnknown() {
    String c = "/api/v1/conversations/" + betaConversation;
    assertThat(alpha.get(c).status()).isEqualTo(404);
    assertThat(alpha.get(c).body()).doesNotContain("beta's caller");
    assertThat(alpha.postJson(c + "/messages", Map.of("text", "hi")).status()).isEqualTo(404);
    assertThat(alpha.postJson(c + "/notes", Map.of("text", "hi")).status()).isEqualTo(404);
    assertThat(alpha.putJson(c + "/status", Map.of("status", "closed")).status()).isEqualTo(404);
    assertThat(alpha.get("/api/v1/channels/" + betaConnector).status()).isEqualTo(404);
    assertThat(alpha.postJson("/api/v1/channels/" + betaConnector + "/webhook/regenerate", "{}").status())
        .isEqualTo(404);
    assertThat(beta.get(c).json().get("messages").get(0).get("body").asText()).isEqualTo("beta's caller");
    assertThat(beta.get(c).json().get("status").asText()).isEqualTo("open");
  }
}
