package org.switchboard.channels;

import com.google.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.switchboard.api.Health;

/**
 * The latest health of each connector as its checks and receive loops report it, for the settings page, the inbox
 * header and {@code /healthz}. Kept in memory: it is rebuilt by the next check after a restart.
 */
@Singleton
public class ChannelHealthBoard {
  /** A health reading and when it was taken. */
  public record Reading(Health health, Instant at) {}

  private final Map<Long, Reading> byConnector = new ConcurrentHashMap<>();
  private final Map<Long, Runnable> listeners = new ConcurrentHashMap<>();

  /** Records a reading; returns whether the state changed. */
  public boolean report(long connectorId, Health health, Instant at) {
    Reading previous = byConnector.put(connectorId, new Reading(health, at));
    boolean changed = previous == null || previous.health().state() != health.state()
        || !previous.health().message().equals(health.message());
    if (changed) {
      listeners.values().forEach(Runnable::run);
    }
    return changed;
  }

  public Optional<Reading> get(long connectorId) {
    return Optional.ofNullable(byConnector.get(connectorId));
  }

  public Map<Long, Reading> all() {
    return Map.copyOf(byConnector);
  }

  public void forget(long connectorId) {
    byConnector.remove(connectorId);
  }

  /** Calls {@code listener} whenever any connector's state changes. */
  public void onChange(long key, Runnable listener) {
    listeners.put(key, listener);
  }
}
