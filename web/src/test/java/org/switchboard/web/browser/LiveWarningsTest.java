package org.switchboard.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.switchboard.api.Health;
import org.switchboard.channels.ChannelHealthBoard;
import org.switchboard.channels.ConnectorService;
import org.switchboard.events.EventHub;
import org.switchboard.events.LiveEvent;
import org.switchboard.testkit.TestSwitchboard;
import org.switchboard.web.WebModule;

/**
 * A channel going down and coming back changes the header's warning in place: the open page is not reloaded, so a
 * reply being typed survives.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LiveWarningsTest {
  private static final By WARNINGS = By.id("warnings");

  private TestSwitchboard server;
  private Browser member;

  @BeforeEach
  void start() {
    server = TestSwitchboard.builder().module(new WebModule()).start();
    member = Browser.open("warnings-member", server.baseUrl());
  }

  @AfterEach
  void stop() throws Exception {
    try (TestSwitchboard s = server; Browser m = member) {
      // closes the browser, then the server
    }
    if (server != null) {
      server.deleteData();
    }
  }

  @Test
  void aChannelWarningAppearsAndClearsWithoutReloadingThePage() {
    TestSwitchboard.Org org = server.createOrg("Night Line");
    long webChat = server.get(ConnectorService.class).list(org.id()).get(0).id();
    Steps.logIn(member, org.ownerEmail());
    member.waitForLiveUpdates();
    assertThat(member.find(By.tagName("h1")).getText()).isEqualTo("Inbox");
    assertThat(member.all(By.cssSelector("#warnings .banner"))).isEmpty();
    String page = member.markPage();

    report(org, webChat, Health.warning("Chat bridge unreachable", "Start it again."));
    member.waitForText(WARNINGS, "Chat bridge unreachable");
    assertThat(member.find(WARNINGS).getText()).contains("Start it again.");
    assertThat(member.find(By.cssSelector("#warnings a")).getAttribute("href"))
        .endsWith("/settings/connectors/" + webChat);
    assertThat(member.stillSamePage(page)).as("the warning arrived without a reload").isTrue();
    member.screenshot("warning-shown");

    report(org, webChat, Health.ok("connected"));
    member.waitUntil("the warning to clear", d -> d.findElements(By.cssSelector("#warnings .banner")).isEmpty());
    assertThat(member.stillSamePage(page)).as("the warning cleared without a reload").isTrue();
    assertThat(member.consoleErrors()).isEmpty();
  }

  /** What the health monitor does when a check changes a channel's state. */
  private void report(TestSwitchboard.Org org, long connectorId, Health health) {
    server.get(ChannelHealthBoard.class).report(connectorId, health, Instant.now());
    server.get(EventHub.class).publish(LiveEvent.health(org.id()));
  }
}
