package org.switchboard.web.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.web.browser.Steps.MESSAGES;
import static org.switchboard.web.browser.Steps.TRANSCRIPT;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.switchboard.testkit.TestSwitchboard;
import org.switchboard.web.WebModule;

/**
 * Every page checked with axe-core, filled with realistic content (a conversation with a visitor's message, a
 * reply and an internal note), and the key path (reply to a visitor) done with the keyboard alone.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AccessibilityTest {
  private static TestSwitchboard server;
  private static TestSwitchboard.Org org;
  private static Browser member;
  private static Browser guest;
  private static String chatPath;
  private static String conversationPath;
  private static String channelPath;

  @BeforeAll
  static void start() {
    server = TestSwitchboard.builder().module(new WebModule()).start();
    org = server.createOrg("Night Line");
    member = Browser.open("a11y-member", server.baseUrl());
    guest = Browser.open("a11y-guest", server.baseUrl());

    Steps.logIn(member, org.ownerEmail());
    chatPath = Steps.chatPath(member);
    channelPath = URI.create(member.find(By.cssSelector(".connector h3 a")).getAttribute("href")).getPath();
    guest.get(chatPath);
    Steps.visitorWrites(guest, "Hello, is this the night line?");
    member.get("/");
    conversationPath = Steps.openConversation(member, "Hello, is this the night line?");
    Steps.conversationAction(member, "assign", "me");
    Steps.reply(member, "Yes. I am here, take your time.");
    member.find(By.cssSelector(".note-box summary")).click();
    member.find(By.id("note-text")).sendKeys("Caller sounded calm.");
    member.clickAndWaitForNewPage(member.find(By.cssSelector(".note-box button[type=submit]")));
    member.waitForText(MESSAGES, "Caller sounded calm.");
    guest.waitForText(TRANSCRIPT, "Yes. I am here, take your time.");
  }

  @AfterAll
  static void stop() throws Exception {
    try (TestSwitchboard s = server; Browser a = member; Browser b = guest) {
      // closes both browsers, then the server
    }
    if (server != null) {
      server.deleteData();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"inbox", "conversation", "settings", "channel", "members", "tokens", "plugins", "error"})
  void memberPagesHaveNoSeriousViolations(String page) {
    member.get(switch (page) {
      case "inbox" -> "/";
      case "conversation" -> conversationPath;
      case "settings" -> "/settings";
      case "channel" -> channelPath;
      case "members" -> "/settings/members";
      case "tokens" -> "/settings/tokens";
      case "plugins" -> "/settings/plugins";
      case "error" -> "/c/999999";
      default -> throw new IllegalArgumentException(page);
    });
    member.find(By.tagName("h1"));
    Axe.assertNoSeriousViolations(member, page);
  }

  @Test
  void loginPageHasNoSeriousViolations() {
    guest.get("/login");
    Axe.assertNoSeriousViolations(guest, "login");
    guest.find(By.id("email")).sendKeys(org.ownerEmail());
    guest.find(By.id("password")).sendKeys("not the password");
    guest.clickAndWaitForNewPage(guest.find(By.cssSelector("form[action='/login'] button[type=submit]")));
    guest.find(By.cssSelector(".banner.error"));
    Axe.assertNoSeriousViolations(guest, "login with an error");
  }

  @Test
  void chatPageHasNoSeriousViolations() {
    guest.get(chatPath);
    guest.waitForText(TRANSCRIPT, "Yes. I am here, take your time.");
    Axe.assertNoSeriousViolations(guest, "web chat page");
  }

  @Test
  void setupAndRecoveryCodePagesHaveNoSeriousViolations() throws Exception {
    // Setup exists only before the first organization, so this needs a server (and a browser: cookies are per
    // host, not per port) of its own.
    TestSwitchboard fresh = TestSwitchboard.builder().module(new WebModule()).start();
    try (Browser owner = Browser.open("a11y-setup", fresh.baseUrl())) {
      owner.get("/setup");
      Axe.assertNoSeriousViolations(owner, "setup");
      owner.find(By.id("code")).sendKeys(fresh.server().setupCode().orElseThrow());
      owner.find(By.id("org")).sendKeys("Night Line");
      new Select(owner.find(By.id("timezone"))).selectByValue("Europe/Berlin");
      owner.find(By.id("name")).sendKeys("Ana");
      owner.find(By.id("email")).sendKeys("ana@example.org");
      owner.find(By.id("password")).sendKeys(TestSwitchboard.PASSWORD);
      owner.find(By.id("password2")).sendKeys(TestSwitchboard.PASSWORD);
      owner.clickAndWaitForNewPage(owner.find(By.cssSelector("form[action='/setup'] button[type=submit]")));
      owner.find(By.id("recovery-code"));
      Axe.assertNoSeriousViolations(owner, "recovery code");
    } finally {
      fresh.close();
      fresh.deleteData();
    }
  }

  @Test
  void replyBoxCanBeReachedAndSentWithTheKeyboardOnly() {
    member.get(conversationPath);
    Actions keys = new Actions(member.driver());

    keys.sendKeys(Keys.TAB).perform();
    assertThat(focused()).as("the first Tab stop is the skip link").isEqualTo("a.skip");
    assertThat(member.driver().switchTo().activeElement().getRect().getX())
        .as("the skip link is on screen once focused").isGreaterThanOrEqualTo(0);

    tabTo(keys, "#reply-text", 100);
    assertFocusVisible();
    keys.sendKeys("Sent with Ctrl+Enter.").perform();
    member.andWaitForNewPage("Ctrl+Enter in the reply box",
        () -> keys.keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL).perform());
    member.waitForText(MESSAGES, "Sent with Ctrl+Enter.");

    tabTo(keys, "#reply-text", 100);
    keys.sendKeys("Sent with Tab and Enter.").perform();
    tabTo(keys, "#reply button[type=submit]", 5);
    assertFocusVisible();
    member.andWaitForNewPage("Enter on Send", () -> keys.sendKeys(Keys.ENTER).perform());
    member.waitForText(MESSAGES, "Sent with Tab and Enter.");
    member.screenshot("keyboard-replies");
  }

  private static String focused() {
    return (String) member.js("""
        var e = document.activeElement;
        return e ? e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '') : '';
        """);
  }

  private static void tabTo(Actions keys, String selector, int limit) {
    for (int i = 0; i < limit; i++) {
      keys.sendKeys(Keys.TAB).perform();
      if (Boolean.TRUE.equals(member.js("return document.activeElement.matches(arguments[0])", selector))) {
        return;
      }
    }
    throw new AssertionError(selector + " was not reached in " + limit + " Tab presses on " + member.path()
        + "; focus ended on " + focused());
  }

  private static void assertFocusVisible() {
    assertThat(member.js("return getComputedStyle(document.activeElement).outlineStyle"))
        .as("a visible focus ring on " + focused()).isNotEqualTo("none");
  }
}
