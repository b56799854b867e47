package org.switchboard.web.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.web.browser.Steps.TRANSCRIPT;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.switchboard.testkit.TestSwitchboard;
import org.switchboard.web.WebModule;

/** The public chat page in a browser with JavaScript turned off: a plain form, and replies show on reload. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ChatWithoutJavaScriptTest {
  private static TestSwitchboard server;
  private static Browser volunteer;
  private static Browser visitor;
  private static String chatPath;

  @BeforeAll
  static void start() {
    server = TestSwitchboard.builder().module(new WebModule()).start();
    TestSwitchboard.Org org = server.createOrg("Night Line");
    volunteer = Browser.open("nojs-volunteer", server.baseUrl());
    Steps.logIn(volunteer, org.ownerEmail());
    chatPath = Steps.chatPath(volunteer);
    visitor = Browser.open("nojs-visitor", server.baseUrl(), Browser.Option.NO_JAVASCRIPT);
  }

  @AfterAll
  static void stop() throws Exception {
    try (TestSwitchboard s = server; Browser a = volunteer; Browser b = visitor) {
      // closes both browsers, then the server
    }
    if (server != null) {
      server.deleteData();
    }
  }

  @Test
  void plainFormPostAndReplyAfterReload() {
    visitor.get(chatPath);
    assertThat(visitor.find(By.cssSelector("p.hint a")).getText())
        .as("the <noscript> reload hint shows, so scripts really are off").isNotBlank();
    visitor.find(By.id("text")).sendKeys("Writing from a browser without scripts.");
    assertThat(visitor.driver().findElement(By.id("count")).getText()).as("no script counts characters").isEmpty();
    visitor.clickAndWaitForNewPage(visitor.find(By.cssSelector("#chat-form button[type=submit]")));
    URI after = URI.create(visitor.driver().getCurrentUrl());
    assertThat(after.getPath()).isEqualTo(chatPath);
    assertThat(after.getFragment()).as("redirected back to the newest line").isEqualTo("latest");
    assertThat(visitor.find(TRANSCRIPT).getText()).contains("Writing from a browser without scripts.");
    assertThat(visitor.find(By.id("text")).getAttribute("value")).as("the box is empty again").isEmpty();
    visitor.screenshot("sent");
    Steps.assertOnlySameOrigin(visitor);

    volunteer.get("/");
    Steps.openConversation(volunteer, "Writing from a browser without scripts.");
    Steps.reply(volunteer, "We read you fine.");

    // Without scripts nothing arrives by itself; a reload shows the reply once it is delivered.
    visitor.waitUntil("the reply after reloading the chat page", Duration.ofMillis(200), d -> {
      visitor.get(chatPath);
      return d.findElement(TRANSCRIPT).getText().contains("We read you fine.");
    });
    visitor.screenshot("reply-after-reload");
    assertThat(visitor.consoleErrors()).as("console errors in the visitor's browser").isEmpty();
  }
}
