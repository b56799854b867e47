package org.switchboard.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.switchboard.testkit.TestSwitchboard;

/** The UI steps the browser tests share, done the way a person would: through links, fields and buttons. */
final class Steps {
  static final By CONVERSATION_LIST = By.id("conversation-list");
  static final By MESSAGES = By.id("messages");
  static final By TRANSCRIPT = By.id("transcript");

  private Steps() {}

  /** Logs in on the login page and waits for the inbox. */
  static void logIn(Browser browser, String email) {
    browser.get("/login");
    browser.find(By.id("email")).sendKeys(email);
    browser.find(By.id("password")).sendKeys(TestSwitchboard.PASSWORD);
    browser.clickAndWaitForNewPage(browser.find(By.cssSelector("form[action='/login'] button[type=submit]")));
    browser.waitForPath("/");
  }

  /** Reads the web chat page's path from the settings page, where a volunteer finds the link to share. */
  static String chatPath(Browser member) {
    if (!member.path().equals("/settings")) {
      member.get("/settings");
    }
    WebElement link = member.find(By.cssSelector("a[href*='/chat/']"));
    String path = URI.create(link.getAttribute("href")).getPath();
    assertThat(path).as("chat page link on /settings").matches("/chat/[A-Za-z0-9_-]+");
    return path;
  }

  /** A visitor (with JavaScript) writes on the chat page and waits until their message is in the transcript. */
  static void visitorWrites(Browser visitor, String text) {
    WebElement box = visitor.find(By.id("text"));
    box.sendKeys(text);
    visitor.find(By.cssSelector("#chat-form button[type=submit]")).click();
    String refused = visitor.waitUntil("\"" + text + "\" in the transcript (or an error)", d -> {
      List<WebElement> error = d.findElements(By.cssSelector(".chat .error"));
      if (!error.isEmpty() && !error.get(0).getText().isBlank()) {
        return error.get(0).getText();
      }
      return d.findElement(TRANSCRIPT).getText().contains(text) ? "" : null;
    });
    assertThat(refused).as("error the chat page showed after Send (script path: fetch with Accept: application/json)")
        .isEmpty();
  }

  /** Opens the conversation whose entry in the inbox list shows {@code text}; returns its path. */
  static String openConversation(Browser member, String text) {
    // A live update may swap the list for a fresh copy at any moment, so find and click in one (retried) step.
    member.andWaitForNewPage("opening the conversation", () -> member.waitUntil(
        "a conversation showing \"" + text + "\" in the list", d -> {
          WebElement entry = d.findElements(By.cssSelector("#conversation-list a[href^='/c/']")).stream()
              .filter(a -> a.getText().contains(text)).findFirst().orElse(null);
          if (entry != null) {
            entry.click();
          }
          return entry != null;
        }));
    member.waitForText(MESSAGES, text);
    return URI.create(member.driver().getCurrentUrl()).getPath();
  }

  /** Clicks the conversation's action button whose form posts {@code value} (e.g. {@code me}, {@code closed}). */
  static void conversationAction(Browser member, String action, String value) {
    member.clickAndWaitForNewPage(member.find(By.cssSelector(
        ".conversation .actions form[action$='/" + action + "']:has(input[value='" + value + "']) button")));
  }

  /** Replies in the open conversation and waits for the reply in its history. */
  static void reply(Browser member, String text) {
    member.find(By.id("reply-text")).sendKeys(text);
    member.clickAndWaitForNewPage(member.find(By.cssSelector("#reply button[type=submit]")));
    member.waitForText(MESSAGES, text);
  }

  /** Every request the current page made went to the test server. */
  static void assertOnlySameOrigin(Browser browser) {
    String origin = browser.origin().toString().replaceAll("/$", "");
    List<String> urls = browser.resources().stream().map(Browser.Resource::url).toList();
    assertThat(urls).as("requests made by %s", browser.path()).isNotEmpty()
        .allSatisfy(url -> assertThat(url).startsWith(origin + "/"));
  }
}
