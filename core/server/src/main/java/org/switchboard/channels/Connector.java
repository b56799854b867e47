package org.switchboard.channels;

import java.time.Instant;
import java.util.Optional;

/** A provider account (or the built-in web chat) of one organization; its settings stay in the vault. */
public record Connector(long id, long orgId, String type, String name, State state, String stateDetail,
    Optional<Instant> checkedAt, String webhookToken, Instant createdAt) {

  /** Whether the last check against the provider passed. */
  public enum State { UNCHECKED, ACTIVE, ERROR }

  /** This connector as it looks after a check. */
  public Connector withState(org.switchboard.api.Health health) {
    State next = health.state() == org.switchboard.api.Health.State.ERROR ? State.ERROR : State.ACTIVE;
    return new Connector(id, orgId, type, name, next, health.message(), checkedAt, webhookToken, createdAt);
  }

  @Override
  public String toString() {
    return "Connector[" + id + ", " + type + ", " + state + "]";
  }
}
