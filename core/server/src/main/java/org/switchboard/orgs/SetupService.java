package org.switchboard.orgs;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.switchboard.errors.AuthenticationException;
import org.switchboard.errors.ConflictException;
import org.switchboard.errors.RateLimitedException;
import org.switchboard.keys.RecoveryCode;

/**
 * First-run setup. While no organization exists the server holds a one-time setup code (printed to the console at
 * start, never stored), so an instance exposed to the internet before setup cannot be claimed by a stranger.
 */
@Singleton
public class SetupService {
  private static final int MAX_FAILURES = 20;

  private final OrgService orgs;
  private final AtomicInteger failures = new AtomicInteger();
  private volatile String code;

  @Inject
  SetupService(OrgService orgs) {
    this.orgs = orgs;
  }

  /** Whether setup is still open (no organization yet). */
  public boolean isOpen() {
    return !orgs.anyExists();
  }

  /** The setup code for the console, created on first call; empty once an org exists. */
  public synchronized Optional<String> setupCode() {
    if (!isOpen()) {
      code = null;
      return Optional.empty();
    }
    if (code == null) {
      code = RecoveryCode.group(RecoveryCode.randomCode(12), 4);
    }
    return Optional.of(code);
  }

  /** Completes setup: checks the code, then creates the first organization and its owner. */
  public synchronized OrgService.Created complete(String typedCode, String orgName, String timezone, String email,
      String ownerName, String password) {
    if (!isOpen()) {
      throw new ConflictException("this Switchboard is already set up; log in instead");
    }
    if (failures.get() >= MAX_FAILURES) {
      throw new RateLimitedException("too many wrong setup codes; restart the server for a new code",
          Duration.ofHours(1));
    }
    String expected = setupCode().orElseThrow();
    byte[] given = RecoveryCode.canonical(typedCode == null ? "" : typedCode);
    if (!MessageDigest.isEqual(RecoveryCode.canonical(expected), given)) {
      failures.incrementAndGet();
      throw new AuthenticationException("the setup code is wrong; it is printed in the server's console")
          .withKey("setup.error.wrongCode");
    }
    OrgService.Created created = orgs.create(orgName, timezone, email, ownerName, password);
    code = null;
    return created;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
