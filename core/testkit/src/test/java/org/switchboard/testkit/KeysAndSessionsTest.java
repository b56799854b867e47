package org.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.auth.LoginService;
import org.switchboard.auth.SessionService;
import org.switchboard.channels.ConnectorService;
import org.switchboard.conversations.ConversationService;
import org.switchboard.conversations.ConversationStore;
import org.switchboard.errors.AuthenticationException;
import org.switchboard.keys.KeyService;
import org.switchboard.orgs.OrgService;
import org.switchboard.users.Role;
import org.switchboard.users.UserService;

/** The key hierarchy as members meet it: passwords, sessions, tokens, recovery code, restarts. */
class KeysAndSessionsTest {
  private TestSwitchboard server;
  private TestSwitchboard.Org org;
  private String chat;

  @BeforeEach
  void start() {
    server = TestSwitchboard.start();
    org = server.createOrg("Crisis Line");
    chat = server.get(ConnectorService.class).list(org.id()).get(0).webhookToken();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    server.deleteData();
  }

  @Test
  void aWrongPasswordNeitherLogsInNorOpensTheOrgKey() {
    assertThatThrownBy(() -> server.get(LoginService.class).authenticate(org.ownerEmail(), "not the password", "1.2.3.4"))
        .isInstanceOf(AuthenticationException.class).hasMessage("e-mail or password is wrong");
    assertThatThrownBy(() -> server.get(LoginService.class).authenticate("nobody@example.org", "whatever-pass", "1.2.3.4"))
        .hasMessage("e-mail or password is wrong");
    var orgRow = server.get(OrgService.class).get(org.id());
    assertThat(server.get(KeyService.class).unlockAsMember(org.id(), orgRow.publicKey(), org.ownerId(), "wrong"))
        .isEmpty();
    assertThat(server.get(KeyService.class).unlockAsMember(org.id(), orgRow.publicKey(), org.ownerId(),
        TestSwitchboard.PASSWORD)).isPresent();
  }

  @Test
  void theRecoveryCodeOpensTheOrgKeyAndNothingElseDoes() {
    var orgRow = server.get(OrgService.class).get(org.id());
    KeyService keys = server.get(KeyService.class);
    assertThat(keys.unlockWithRecoveryCode(org.id(), orgRow.publicKey(), org.recoveryCode().toLowerCase()))
        .isPresent();
    assertThat(keys.unlockWithRecoveryCode(org.id(), orgRow.publicKey(), "00000-00000-00000-00000-00000")).isEmpty();
  }

  @Test
  void afterLogoutTheSameSessionReadsNothing() {
    new WebChatServiceDriver(server, chat).say("private words");
    SessionService.Started session = server.get(LoginService.class).login(org.ownerEmail(), TestSwitchboard.PASSWORD,
        "127.0.0.1");
    String cookie = "sb_session=" + session.cookieValue();
    var read = getWithCookie(cookie);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body()).contains("private words");
    var caller = server.get(SessionService.class).find(session.cookieValue()).orElseThrow().caller();
    server.get(SessionService.class).end(session.cookieValue());
    assertThat(caller.keys().isWiped()).isTrue();
    var after = getWithCookie(cookie);
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.body()).doesNotContain("private words");
    assertThatThrownBy(() -> server.get(ConversationService.class).list(caller,
        new ConversationStore.Filter(ConversationStore.View.ALL, Optional.empty()), Optional.empty()))
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void aRevokedTokenStopsWorkingAtOnce() {
    new WebChatServiceDriver(server, chat).say("hello");
    String token = server.apiToken(org.ownerEmail());
    TestHttp api = server.http().withBearer(token);
    assertThat(api.get("/api/v1/conversations").status()).isEqualTo(200);
    var tokens = api.get("/api/v1/tokens").json();
    long id = tokens.get(0).get("id").asLong();
    assertThat(api.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
    var denied = api.get("/api/v1/conversations");
    assertThat(denied.status()).isEqualTo(401);
    assertThat(denied.json().get("error").asText()).isEqualTo("unauthenticated");
  }

  @Test
  void afterARestartNobodyCanReadUntilSomeoneLogsInButMessagesKeepArriving() {
    SessionService.Started session = server.get(LoginService.class).login(org.ownerEmail(), TestSwitchboard.PASSWORD,
        "127.0.0.1");
    server.restart();
    assertThat(server.get(SessionService.class).count()).isZero();
    assertThat(getWithCookie("sb_session=" + session.cookieValue()).status()).isEqualTo(401);
    new WebChatServiceDriver(server, chat).say("written while nobody was logged in");
    var caller = server.login(org.ownerEmail());
    var page = server.get(ConversationService.class).list(caller,
        new ConversationStore.Filter(ConversationStore.View.ALL, Optional.empty()), Optional.empty());
    assertThat(page.conversations()).extracting(c -> c.preview()).containsExactly("written while nobody was logged in");
  }

  @Test
  void aNewMemberGetsTheOrgKeyUnderTheirOwnPasswordAndLosesItWhenDeactivated() {
    new WebChatServiceDriver(server, chat).say("for the new volunteer");
    var owner = server.login(org.ownerEmail());
    var volunteer = server.get(UserService.class).add(owner.unlocked(), "vol@example.org", "Vol", Role.VOLUNTEER,
        TestSwitchboard.PASSWORD);
    var session = server.get(LoginService.class).login("vol@example.org", TestSwitchboard.PASSWORD, "127.0.0.1");
    var asVolunteer = server.get(SessionService.class).find(session.cookieValue()).orElseThrow().caller();
    assertThat(server.get(ConversationService.class).list(asVolunteer,
        new ConversationStore.Filter(ConversationStore.View.ALL, Optional.empty()), Optional.empty()).conversations())
        .hasSize(1);
    server.get(UserService.class).deactivate(org.id(), volunteer.id());
    assertThat(asVolunteer.keys().isWiped()).isTrue();
    assertThat(server.get(SessionService.class).find(session.cookieValue())).isEmpty();
    assertThatThrownBy(() -> server.login("vol@example.org")).isInstanceOf(AuthenticationException.class);
  }

  private TestHttp.Reply getWithCookie(String cookie) {
    return server.http().get("/api/v1/conversations", Map.of("Cookie", cookie));
  }
}
