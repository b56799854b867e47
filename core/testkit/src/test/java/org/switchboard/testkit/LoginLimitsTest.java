package org.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.auth.LoginService;
import org.switchboard.errors.AuthenticationException;
import org.switchboard.errors.RateLimitedException;

/** Password guessing is slowed per client address and per account; an account's own logins never lock it. */
class LoginLimitsTest {
  private TestSwitchboard server;
  private TestSwitchboard.Org org;
  private LoginService login;

  @BeforeEach
  void start() {
    server = TestSwitchboard.start();
    org = server.createOrg("Crisis Line");
    login = server.get(LoginService.class);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    server.deleteData();
  }

  @Test
  void oneAddressGetsTenTriesAMinuteWhateverTheAccount() {
    for (int i = 0; i < 10; i++) {
      int n = i;
      assertThatThrownBy(() -> login.authenticate("guess" + n + "@example.org", "wrong-password", "203.0.113.7"))
          .isInstanceOf(AuthenticationException.class);
    }
    assertThatThrownBy(() -> login.authenticate(org.ownerEmail(), TestSwitchboard.PASSWORD, "203.0.113.7"))
        .isInstanceOf(RateLimitedException.class).hasMessageContaining("try again in");
    assertThat(login.authenticate(org.ownerEmail(), TestSwitchboard.PASSWORD, "198.51.100.2").orgId())
        .as("another address is not held up").isEqualTo(org.id());
  }

  @Test
  void anAccountCountsWrongPasswordsOnly() {
    for (int i = 0; i < 25; i++) {
      assertThat(login.authenticate(org.ownerEmail(), TestSwitchboard.PASSWORD, "10.0.0." + i).orgId())
          .as("login %d", i + 1).isEqualTo(org.id());
    }
    for (int i = 0; i < 20; i++) {
      int n = i;
      assertThatThrownBy(() -> login.authenticate(org.ownerEmail(), "wrong-password", "10.0.1." + n))
          .isInstanceOf(AuthenticationException.class);
    }
    assertThatThrownBy(() -> login.authenticate(org.ownerEmail(), TestSwitchboard.PASSWORD, "10.0.2.1"))
        .as("twenty wrong passwords from anywhere pause the account").isInstanceOf(RateLimitedException.class);
  }
}
