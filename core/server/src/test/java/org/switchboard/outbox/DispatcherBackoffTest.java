package org.switchboard.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DispatcherBackoffTest {
  @Test
  void backoffGrowsExponentiallyWithJitterAndIsCapped() {
    for (int i = 0; i < 50; i++) {
      assertThat(Dispatcher.backoff(1, Optional.empty())).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
      assertThat(Dispatcher.backoff(3, Optional.empty())).isBetween(Duration.ofSeconds(16), Duration.ofSeconds(24));
      assertThat(Dispatcher.backoff(30, Optional.empty())).isLessThanOrEqualTo(Duration.ofMinutes(36));
    }
  }

  @Test
  void providerRetryAfterIsHonouredWhenLonger() {
    assertThat(Dispatcher.backoff(1, Optional.of(Duration.ofSeconds(60)))).isEqualTo(Duration.ofSeconds(60));
    assertThat(Dispatcher.backoff(3, Optional.of(Duration.ofSeconds(1)))).isGreaterThan(Duration.ofSeconds(10));
  }
}
