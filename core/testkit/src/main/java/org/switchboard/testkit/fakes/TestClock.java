package org.switchboard.testkit.fakes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock for tests that runs with real time plus an offset a test can push forward, so retries, backoff and
 * expiry come due at once without sleeping, while timeouts and rate limits measured in real time still work.
 */
public final class TestClock extends Clock {
  private final Clock real;
  private final AtomicLong offsetMillis;

  public TestClock() {
    this(Clock.systemUTC(), new AtomicLong());
  }

  private TestClock(Clock real, AtomicLong offsetMillis) {
    this.real = real;
    this.offsetMillis = offsetMillis;
  }

  /** Moves time forward by {@code by}. */
  public TestClock advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time only moves forward");
    }
    offsetMillis.addAndGet(by.toMillis());
    return this;
  }

  /** Moves time forward to at least {@code instant} (never back). */
  public TestClock advanceTo(Instant instant) {
    long gap = instant.toEpochMilli() - millis();
    if (gap > 0) {
      offsetMillis.addAndGet(gap);
    }
    return this;
  }

  /** How far ahead of real time this clock runs. */
  public Duration offset() {
    return Duration.ofMillis(offsetMillis.get());
  }

  @Override
  public ZoneId getZone() {
    return real.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new TestClock(real.withZone(zone), offsetMillis);
  }

  @Override
  public long millis() {
    return real.millis() + offsetMillis.get();
  }

  @Override
  public Instant instant() {
    return real.instant().plusMillis(offsetMillis.get());
  }
}
