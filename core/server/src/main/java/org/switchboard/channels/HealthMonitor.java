package org.switchboard.channels;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.ChannelDescriptor;
import org.switchboard.api.Health;
import org.switchboard.events.EventHub;
import org.switchboard.events.LiveEvent;

/**
 * Checks every connector on a schedule — streaming channels (the Signal bridge) every minute, others every 30
 * minutes — so a dropped bridge shows as a warning and clears itself when it is back.
 */
@Singleton
public class HealthMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);
  static final Duration STREAM_INTERVAL = Duration.ofMinutes(1);
  static final Duration OTHER_INTERVAL = Duration.ofMinutes(30);

  private final ConnectorService connectors;
  private final ChannelHealthBoard board;
  private final EventHub events;
  private final Clock clock;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "health-monitor");
    t.setDaemon(true);
    return t;
  });

  @Inject
  HealthMonitor(ConnectorService connectors, ChannelHealthBoard board, EventHub events, Clock clock) {
    this.connectors = connectors;
    this.board = board;
    this.events = events;
    this.clock = clock;
  }

  public void start() {
    executor.scheduleWithFixedDelay(this::checkDue, 2, 20, TimeUnit.SECONDS);
  }

  /** Checks the connectors whose last reading is older than their interval. */
  public void checkDue() {
    Instant now = clock.instant();
    for (Connector connector : connectors.all()) {
      try {
        boolean streaming = connectors.channelTypes().stream()
            .filter(c -> c.descriptor().type().equals(connector.type())).findFirst()
            .map(c -> c.descriptor().has(ChannelDescriptor.Capability.STREAM)).orElse(false);
        Duration interval = streaming ? STREAM_INTERVAL : OTHER_INTERVAL;
        var last = board.get(connector.id());
        if (last.isPresent() && last.get().at().plus(interval).isAfter(now)) {
          continue;
        }
        var before = last.map(r -> r.health().state()).orElse(null);
        Health result = connectors.check(connector);
        // A first reading that is fine changes nothing anyone sees; any other change updates the warning banners.
        if (before == null ? !result.isOk() : before != result.state()) {
          events.publish(LiveEvent.health(connector.orgId()));
        }
      } catch (RuntimeException e) {
        log.warn("health check of connector {} failed: {}", connector.id(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
