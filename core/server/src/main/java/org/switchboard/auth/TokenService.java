package org.switchboard.auth;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.switchboard.crypto.BlindIndex;
import org.switchboard.crypto.Crypto;
import org.switchboard.crypto.OrgKeys;
import org.switchboard.errors.BadInputException;
import org.switchboard.errors.MissingException;
import org.switchboard.keys.KeyService;
import org.switchboard.keys.KeyWrapStore;
import org.switchboard.orgs.OrgService;
import org.switchboard.storage.Writer;
import org.switchboard.users.User;
import org.switchboard.users.UserService;

/**
 * API tokens ({@code sbt_…}, 256 random bits). A token carries its own wrap of the org key, so a script can read
 * conversations with nobody logged in; revoking deletes that wrap and the token stops working at once.
 */
@Singleton
public class TokenService {
  public static final String PREFIX = "sbt_";

  private final TokenStore store;
  private final KeyService keys;
  private final KeyWrapStore wraps;
  private final BlindIndex blindIndex;
  private final OrgService orgs;
  private final UserService users;
  private final Writer writer;
  private final Clock clock;
  private final Map<Long, Instant> lastTouched = new ConcurrentHashMap<>();

  @Inject
  TokenService(TokenStore store, KeyService keys, KeyWrapStore wraps, BlindIndex blindIndex, OrgService orgs,
      UserService users, Writer writer, Clock clock) {
    this.store = store;
    this.keys = keys;
    this.wraps = wraps;
    this.blindIndex = blindIndex;
    this.orgs = orgs;
    this.users = users;
    this.writer = writer;
    this.clock = clock;
  }

  /** A new token: its id, and the token text, shown once. */
  public record Created(long id, String token) {
    @Override
    public String toString() {
      return "Created[token " + id + "]";
    }
  }

  /** Creates a token for the caller's own account. */
  public Created create(Caller caller, String label) {
    String cleanLabel = label == null || label.isBlank() ? "API token" : label.trim();
    if (cleanLabel.length() > 100) {
      throw new BadInputException("label", "label must be at most 100 characters");
    }
    byte[] raw = Crypto.get().randomBytes(32);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    byte[] secretKey = caller.unlocked().exportSecretKey();
    try {
      byte[] wrap = keys.wrapForToken(secretKey, raw);
      long id = writer.write(tx -> {
        Instant now = clock.instant();
        long tokenId = store.insert(tx.dsl(), caller.orgId(), caller.userId(), lookup(token), cleanLabel, now);
        keys.storeToken(tx.dsl(), caller.orgId(), tokenId, wrap, now);
        return tokenId;
      });
      return new Created(id, token);
    } finally {
      Crypto.get().wipe(secretKey);
      Crypto.get().wipe(raw);
    }
  }

  /** The caller for a bearer token, with freshly unlocked keys the request must close; empty if not valid. */
  public Optional<Caller> authenticate(String token) {
    if (token == null || !token.startsWith(PREFIX) || token.length() != PREFIX.length() + 43) {
      return Optional.empty();
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    try {
      Optional<TokenStore.Row> row = store.byLookup(lookup(token)).filter(r -> r.revokedAt().isEmpty());
      if (row.isEmpty()) {
        return Optional.empty();
      }
      Optional<User> user = users.find(row.get().userId()).filter(User::active);
      if (user.isEmpty()) {
        return Optional.empty();
      }
      var org = orgs.get(row.get().orgId());
      Optional<OrgKeys> unlocked = keys.unlockWithToken(org.id(), org.publicKey(), row.get().id(), raw);
      unlocked.ifPresent(k -> touch(row.get().id()));
      return unlocked.map(k -> new Caller(user.get().id(), org.id(), user.get().role(), user.get().displayName(), k,
          Caller.Via.TOKEN));
    } finally {
      Crypto.get().wipe(raw);
    }
  }

  /** Revokes one of the caller's tokens (admins may revoke any token of their org). */
  public void revoke(Caller caller, long tokenId) {
    TokenStore.Row row = store.byId(tokenId)
        .filter(r -> r.orgId() == caller.orgId() && (r.userId() == caller.userId() || caller.role().canManage()))
        .orElseThrow(() -> new MissingException("token " + tokenId));
    revoke(row.orgId(), row.id());
  }

  /** Revokes a token by id within an org (CLI). */
  public void revoke(long orgId, long tokenId) {
    TokenStore.Row row = store.byId(tokenId).filter(r -> r.orgId() == orgId)
        .orElseThrow(() -> new MissingException("token " + tokenId));
    writer.write(tx -> {
      store.revoke(tx.dsl(), row.id(), clock.instant());
      wraps.deleteToken(tx.dsl(), row.id());
      return null;
    });
  }

  public List<TokenStore.Row> list(Caller caller) {
    return store.forUser(caller.userId());
  }

  private void touch(long tokenId) {
    Instant now = clock.instant();
    Instant last = lastTouched.get(tokenId);
    if (last == null || last.plus(Duration.ofMinutes(5)).isBefore(now)) {
      lastTouched.put(tokenId, now);
      writer.submit(tx -> {
        store.touch(tx.dsl(), tokenId, now);
        return null;
      });
    }
  }

  private byte[] lookup(String token) {
    return blindIndex.of("api-token", 0, token);
  }
}
