package org.switchboard.api;

import java.util.Objects;

/**
 * A channel's state as the settings page, the inbox header and {@code /healthz} show it.
 *
 * @param message what is wrong, in words an admin understands (no secrets)
 * @param action what the admin should do about it, or empty
 */
public record Health(State state, String message, String action) {
  /** Traffic-light state. */
  public enum State { OK, WARNING, ERROR }

  public Health {
    Objects.requireNonNull(state, "state");
    message = message == null ? "" : message;
    action = action == null ? "" : action;
  }

  public static Health ok(String message) {
    return new Health(State.OK, message, "");
  }

  public static Health warning(String message, String action) {
    return new Health(State.WARNING, message, action);
  }

  public static Health error(String message, String action) {
    return new Health(State.ERROR, message, action);
  }

  public boolean isOk() {
    return state == State.OK;
  }
}
