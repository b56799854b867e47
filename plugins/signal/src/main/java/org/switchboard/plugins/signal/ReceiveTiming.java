package org.switchboard.plugins.signal;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The receive loop's timings: reconnect backoff, how often an open websocket is checked, how long to wait for the
 * server to store events, and (for tests) the pause between empty polls.
 *
 * @param backoffInitial the first reconnect delay; it doubles per failure
 * @param backoffMax the longest reconnect delay
 * @param probeInterval how often {@code /v1/health} is called while a websocket is open, to notice a silent bridge
 * @param sinkTimeout how long one {@code sink.accept} may take before it is counted as failed
 * @param idlePollPause the least time between two polls that found nothing; empty means the configured poll wait
 */
record ReceiveTiming(Duration backoffInitial, Duration backoffMax, Duration probeInterval, Duration sinkTimeout,
    Optional<Duration> idlePollPause) {

  /** Production timings: 1 s doubling to 60 s, a liveness probe every minute. */
  static final ReceiveTiming DEFAULT = new ReceiveTiming(Duration.ofSeconds(1), Duration.ofSeconds(60),
      Duration.ofSeconds(60), Duration.ofMinutes(2), Optional.empty());

  ReceiveTiming {
    Objects.requireNonNull(backoffInitial, "backoffInitial");
    Objects.requireNonNull(backoffMax, "backoffMax");
    Objects.requireNonNull(probeInterval, "probeInterval");
    Objects.requireNonNull(sinkTimeout, "sinkTimeout");
    idlePollPause = idlePollPause == null ? Optional.empty() : idlePollPause;
    if (backoffInitial.isZero() || backoffInitial.isNegative() || backoffMax.compareTo(backoffInitial) < 0) {
      throw new IllegalArgumentException("backoff must be positive, with max >= initial");
    }
  }
}
