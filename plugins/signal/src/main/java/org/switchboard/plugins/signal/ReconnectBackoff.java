package org.switchboard.plugins.signal;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Exponential reconnect delays with jitter: the n-th consecutive failure waits a random time between half and all
 * of {@code initial × 2ⁿ}, never more than {@code max}; a connection that stays up starts over.
 */
final class ReconnectBackoff {
  private final long initialMillis;
  private final long maxMillis;
  private final SplittableRandom random;
  private int failures;

  ReconnectBackoff(Duration initial, Duration max, long seed) {
    this.initialMillis = Math.max(1, initial.toMillis());
    this.maxMillis = Math.max(initialMillis, max.toMillis());
    this.random = new SplittableRandom(seed);
  }

  /** The delay before the next attempt, counting this failure. */
  synchronized Duration next() {
    long ceiling = initialMillis;
    for (int i = 0; i < failures && ceiling < maxMillis; i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, maxMillis);
    failures = Math.min(failures + 1, 62);
    // "Equal jitter": spreads reconnecting subscriptions without ever retrying immediately.
    long half = ceiling / 2;
    return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
  }

  /** Starts over after a successful connection. */
  synchronized void reset() {
    failures = 0;
  }
}
