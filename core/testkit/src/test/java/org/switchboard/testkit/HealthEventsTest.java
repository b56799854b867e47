package org.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.Health;
import org.switchboard.channels.ChannelHealthBoard;
import org.switchboard.channels.ConnectorService;
import org.switchboard.channels.HealthMonitor;
import org.switchboard.events.EventHub;
import org.switchboard.events.LiveEvent;

/** Open pages hear about a channel's health only when what they show changes. */
class HealthEventsTest {
  private TestSwitchboard server;

  @BeforeEach
  void start() {
    server = TestSwitchboard.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    server.deleteData();
  }

  @Test
  void aFirstHealthyReadingIsNoNewsAndRecoveringIs() {
    var org = server.createOrg("Line");
    long webChat = server.get(ConnectorService.class).list(org.id()).get(0).id();
    List<String> heard = new CopyOnWriteArrayList<>();
    EventHub.Subscription subscription = server.get(EventHub.class).subscribe(org.id(), e -> heard.add(e.kind()));
    try {
      HealthMonitor monitor = server.get(HealthMonitor.class);
      monitor.checkDue();
      assertThat(server.get(ChannelHealthBoard.class).get(webChat)).as("checked").isPresent();
      assertThat(heard).doesNotContain(LiveEvent.health(org.id()).kind());

      // A warning an hour old is due for a check, which finds the channel fine again: that is news.
      server.get(ChannelHealthBoard.class).report(webChat, Health.warning("down", "start it"),
          Instant.now().minus(Duration.ofHours(1)));
      monitor.checkDue();
      Waits.until(Duration.ofSeconds(5), () -> heard.contains(LiveEvent.health(org.id()).kind()));
      assertThat(server.get(ChannelHealthBoard.class).get(webChat).orElseThrow().health().isOk()).isTrue();
    } finally {
      subscription.close();
    }
  }
}
