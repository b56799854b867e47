package org.switchboard.events;

/**
 * A change live views should pick up: only kinds and ids travel (never content), so the browser fetches what it
 * is allowed to see.
 *
 * @param kind {@code message}, {@code status}, {@code conversation} or {@code health}
 * @param conversationId the conversation concerned, or 0
 */
public record LiveEvent(String kind, long orgId, long conversationId) {
  public static LiveEvent message(long orgId, long conversationId) {
    return new LiveEvent("message", orgId, conversationId);
  }

  public static LiveEvent status(long orgId, long conversationId) {
    return new LiveEvent("status", orgId, conversationId);
  }

  public static LiveEvent conversation(long orgId, long conversationId) {
    return new LiveEvent("conversation", orgId, conversationId);
  }

  public static LiveEvent health(long orgId) {
    return new LiveEvent("health", orgId, 0);
  }

  /** The JSON payload of a server-sent event. */
  public String json() {
    return "{\"kind\":\"" + kind + "\",\"conversationId\":" + conversationId + "}";
  }
}
