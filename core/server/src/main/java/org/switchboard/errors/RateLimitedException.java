package org.switchboard.errors;

import java.time.Duration;

/** Too many attempts; answered 429 with {@code Retry-After}. */
public class RateLimitedException extends ReasonedException {
  private static final long serialVersionUID = 1L;
  private final Duration retryAfter;

  public RateLimitedException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
