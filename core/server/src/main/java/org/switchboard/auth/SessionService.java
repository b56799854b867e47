package org.switchboard.auth;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.switchboard.boot.ServerConfig;
import org.switchboard.crypto.Crypto;

/**
 * Browser sessions, in memory. The cookie holds a random id; the map is keyed by its hash. A session ends on logout,
 * after {@code sessionIdleTimeout} without requests, or after {@code sessionMaxAge}; ending it wipes the org keys
 * it held.
 */
@Singleton
public class SessionService {
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;
  private final ServerConfig config;

  @Inject
  SessionService(Clock clock, ServerConfig config) {
    this.clock = clock;
    this.config = config;
  }

  /** A started session: the cookie value to set and the CSRF token for its forms. */
  public record Started(String cookieValue, String csrfToken) {
    @Override
    public String toString() {
      return "Started[REDACTED]";
    }
  }

  public Started start(Caller caller) {
    String id = randomToken();
    String csrf = randomToken();
    sessions.put(hash(id), new Session(hash(id), caller, csrf, clock.instant()));
    return new Started(id, csrf);
  }

  /** The live session for a cookie value, refreshing its idle timer; ends it if it expired. */
  public Optional<SessionView> find(String cookieValue) {
    if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 100) {
      return Optional.empty();
    }
    Session session = sessions.get(hash(cookieValue));
    if (session == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(session, now)) {
      end(session);
      return Optional.empty();
    }
    session.lastSeen = now;
    return Optional.of(new SessionView(session.caller, session.csrfToken));
  }

  /** A session as the web layer sees it. */
  public record SessionView(Caller caller, String csrfToken) {}

  public void end(String cookieValue) {
    if (cookieValue != null) {
      Session session = sessions.get(hash(cookieValue));
      if (session != null) {
        end(session);
      }
    }
  }

  /** Ends every session of a member (deactivated, password changed). */
  public void endAllFor(long userId) {
    sessions.values().stream().filter(s -> s.caller.userId() == userId).toList().forEach(this::end);
  }

  /** Ends expired sessions; called on a schedule. */
  public int sweep() {
    Instant now = clock.instant();
    var expired = sessions.values().stream().filter(s -> expired(s, now)).toList();
    expired.forEach(this::end);
    return expired.size();
  }

  public int count() {
    return sessions.size();
  }

  /** Ends every session (shutdown). */
  public void endAll() {
    sessions.values().stream().toList().forEach(this::end);
  }

  private void end(Session session) {
    sessions.remove(session.idHash);
    session.caller.keys().close();
  }

  private boolean expired(Session session, Instant now) {
    return session.lastSeen.plus(config.sessionIdleTimeout()).isBefore(now)
        || session.createdAt.plus(config.sessionMaxAge()).isBefore(now);
  }

  static String randomToken() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Crypto.get().randomBytes(32));
  }

  private static String hash(String id) {
    byte[] digest = Crypto.get().keyedHash("switchboard/session-id".getBytes(StandardCharsets.US_ASCII),
        id.getBytes(StandardCharsets.US_ASCII), 32);
    return Base64.getEncoder().encodeToString(digest);
  }
}
