package org.switchboard.auth;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.switchboard.crypto.Crypto;
import org.switchboard.crypto.OrgKeys;
import org.switchboard.errors.AuthenticationException;
import org.switchboard.errors.RateLimitedException;
import org.switchboard.keys.KeyService;
import org.switchboard.orgs.Org;
import org.switchboard.orgs.OrgService;
import org.switchboard.users.UserService;
import org.switchboard.users.UserStore;

/**
 * Logs members in: rate-limited per client address and per account, checks the Argon2id password hash, then
 * unwraps the org key with the same password into a new session. Every failure says the same thing.
 */
@Singleton
public class LoginService {
  private static final String WRONG = "e-mail or password is wrong";
  // A hash to check against when the e-mail is unknown, so timing does not reveal which accounts exist.
  private static final com.google.common.base.Supplier<String> DUMMY_HASH = com.google.common.base.Suppliers.memoize(
      () -> Crypto.get().passwordHash("switchboard-dummy-password".getBytes(StandardCharsets.UTF_8),
          org.switchboard.crypto.Argon2Cost.configured()));

  private final UserService users;
  private final OrgService orgs;
  private final KeyService keys;
  private final SessionService sessions;
  private final LoadingCache<String, Bucket> perClient = buckets(10, Duration.ofMinutes(1));
  private final LoadingCache<String, Bucket> perAccount = buckets(20, Duration.ofMinutes(15));

  @Inject
  LoginService(UserService users, OrgService orgs, KeyService keys, SessionService sessions) {
    this.users = users;
    this.orgs = orgs;
    this.keys = keys;
    this.sessions = sessions;
  }

  /** Checks credentials and returns the unlocked caller (not yet a session). */
  public Caller authenticate(String email, String password, String clientAddress) {
    consume(perClient, clientAddress == null ? "?" : clientAddress);
    // An account's budget counts wrong passwords only: a try takes a token before the (slow) check, so parallel
    // guesses cannot all slip through, and a right password gives it back.
    String account = email == null ? "" : email.trim().toLowerCase();
    consume(perAccount, account);
    Optional<UserStore.Row> row = users.byEmail(email);
    byte[] pw = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
    try {
      if (row.isEmpty() || !row.get().active()) {
        Crypto.get().passwordMatches(DUMMY_HASH.get(), pw);
        throw wrong();
      }
      if (!Crypto.get().passwordMatches(row.get().passwordHash(), pw)) {
        throw wrong();
      }
      perAccount.getUnchecked(account).addTokens(1);
    } finally {
      Crypto.get().wipe(pw);
    }
    Org org = orgs.get(row.get().orgId());
    OrgKeys unlocked = keys.unlockAsMember(org.id(), org.publicKey(), row.get().id(), password)
        .orElseThrow(LoginService::wrong);
    var user = users.get(org.id(), row.get().id());
    return new Caller(user.id(), org.id(), user.role(), user.displayName(), unlocked, Caller.Via.SESSION);
  }

  /** Logs in and starts a browser session. */
  public SessionService.Started login(String email, String password, String clientAddress) {
    return sessions.start(authenticate(email, password, clientAddress));
  }

  private static AuthenticationException wrong() {
    return new AuthenticationException(WRONG).withKey("login.error.wrong");
  }

  private static void consume(LoadingCache<String, Bucket> buckets, String key) {
    ConsumptionProbe probe = buckets.getUnchecked(key).tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()));
      throw new RateLimitedException("too many login attempts; try again in " + seconds + " seconds",
          Duration.ofSeconds(seconds)).withKey("login.error.tooMany", seconds);
    }
  }

  private static LoadingCache<String, Bucket> buckets(int capacity, Duration period) {
    return CacheBuilder.newBuilder().maximumSize(100_000).expireAfterAccess(period.multipliedBy(2))
        .build(CacheLoader.from(k -> Bucket.builder()
            .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build()).build()));
  }
}
