package org.switchboard.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.switchboard.testkit.TestSwitchboard;
import org.switchboard.web.WebModule;

/**
 * The two pages people open most stay light (HTML + CSS + JS under 100 KB, measured by the browser before any
 * message content) and never make a request anywhere but the Switchboard server itself.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PageBudgetTest {
  static final long BUDGET_BYTES = 100 * 1024;

  private static TestSwitchboard server;
  private static Browser member;
  private static Browser visitor;
  private static String chatPath;

  @BeforeAll
  static void start() {
    server = TestSwitchboard.builder().module(new WebModule()).start();
    TestSwitchboard.Org org = server.createOrg("Night Line");
    member = Browser.open("budget-member", server.baseUrl(), Browser.Option.NETWORK_LOG);
    Steps.logIn(member, org.ownerEmail());
    chatPath = Steps.chatPath(member);
    visitor = Browser.open("budget-visitor", server.baseUrl(), Browser.Option.NETWORK_LOG);
  }

  @AfterAll
  static void stop() throws Exception {
    try (TestSwitchboard s = server; Browser a = member; Browser b = visitor) {
      // closes both browsers, then the server
    }
    if (server != null) {
      server.deleteData();
    }
  }

  @Test
  void inboxIsUnderBudgetAndTalksOnlyToItsServer() {
    member.networkLog();
    member.get("/");
    member.find(By.cssSelector("#conversation-list .empty"));
    member.waitForLiveUpdates();
    assertUnderBudget(member, "inbox");
    assertOnlyOwnOrigin(member, "inbox", "/");
  }

  @Test
  void chatPageIsUnderBudgetAndTalksOnlyToItsServer() {
    visitor.networkLog();
    // What Chromium's own new-tab page does before the page is opened lands in the same log; it must not count.
    visitor.get("chrome://new-tab-page/");
    visitor.get(chatPath);
    visitor.find(By.id("text"));
    assertUnderBudget(visitor, "web chat page");
    assertOnlyOwnOrigin(visitor, "web chat page", chatPath);
  }

  /** Sums what Resource Timing reports the page loaded: the document, its CSS, scripts and icons. */
  private static void assertUnderBudget(Browser browser, String page) {
    List<Browser.Resource> loaded = browser.resources();
    assertThat(loaded).as("what %s loaded", page)
        .anySatisfy(r -> assertThat(r.initiator()).isEqualTo("navigation"))
        .anySatisfy(r -> assertThat(r.url()).contains(".css"))
        .anySatisfy(r -> assertThat(r.url()).contains(".js"))
        .allSatisfy(r -> assertThat(r.decodedBytes()).as("size of %s", r.url()).isPositive());
    long total = loaded.stream().mapToLong(Browser.Resource::decodedBytes).sum();
    StringBuilder table = new StringBuilder(page + " weighs " + total + " bytes (budget " + BUDGET_BYTES
        + "); bytes, bytes over the wire (0 = from cache), kind, URL:");
    loaded.forEach(r -> table.append("\n  ").append(String.format("%7d %7d  %-10s %s", r.decodedBytes(),
        r.transferBytes(), r.initiator(), r.url())));
    System.out.println(table);
    assertThat(total).as(table.toString()).isLessThan(BUDGET_BYTES);
  }

  /**
   * Both what Resource Timing lists and every request Chromium logged for this tab (favicons and streams too).
   * Chromium's own pages (the new-tab page and its {@code chrome-untrusted://} frames) are not the page's requests
   * and are left out; a request of the page itself to any other origin, or to a browser-internal address from a
   * foreign target, still fails the test because the page's own document must be among what is counted.
   */
  private static void assertOnlyOwnOrigin(Browser browser, String page, String path) {
    Steps.assertOnlySameOrigin(browser);
    String origin = server.baseUrl().toString().replaceAll("/$", "") + "/";
    Browser.NetworkLog log = browser.networkLog();
    System.out.println(page + " requests: " + log.page() + "; Chromium's own, not counted: " + log.browserOwn());
    assertThat(log.page()).as("requests Chromium sent for the %s", page)
        .contains(server.baseUrl().resolve(path).toString())
        .allSatisfy(url -> assertThat(url).startsWith(origin));
  }
}
