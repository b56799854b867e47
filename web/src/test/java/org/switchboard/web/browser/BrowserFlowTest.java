package org.switchboard.web.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.web.browser.Steps.CONVERSATION_LIST;
import static org.switchboard.web.browser.Steps.MESSAGES;
import static org.switchboard.web.browser.Steps.TRANSCRIPT;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.switchboard.testkit.TestSwitchboard;
import org.switchboard.web.WebModule;

/**
 * First run to a live conversation in real browsers: the volunteer sets the server up, a visitor writes on the web
 * chat page from another browser, and both sides see each other's messages arrive without reloading.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrowserFlowTest {
  private static final String RECOVERY_CODE = "[0-9A-Z]{5}(-[0-9A-Z]{5}){4}";

  private TestSwitchboard server;
  private Browser volunteer;
  private Browser visitor;

  @BeforeEach
  void start() {
    server = TestSwitchboard.builder().module(new WebModule()).start();
    volunteer = Browser.open("flow-volunteer", server.baseUrl());
  }

  @AfterEach
  void stop() throws Exception {
    try (TestSwitchboard s = server; Browser a = volunteer; Browser b = visitor) {
      // closes both browsers, then the server
    }
    if (server != null) {
      server.deleteData();
    }
  }

  @Test
  void firstRunThenLiveChatBothWaysThenLogout() {
    // First run: any page leads to setup, which asks for the code the server printed.
    volunteer.get("/");
    volunteer.waitForPath("/setup");
    volunteer.screenshot("setup");
    Steps.assertOnlySameOrigin(volunteer);
    volunteer.find(By.id("code")).sendKeys(server.server().setupCode().orElseThrow());
    volunteer.find(By.id("org")).sendKeys("Harm Reduction Line");
    new Select(volunteer.find(By.id("timezone"))).selectByValue("Europe/Berlin");
    volunteer.find(By.id("name")).sendKeys("Ana");
    volunteer.find(By.id("email")).sendKeys("ana@example.org");
    volunteer.find(By.id("password")).sendKeys(TestSwitchboard.PASSWORD);
    volunteer.find(By.id("password2")).sendKeys(TestSwitchboard.PASSWORD);
    volunteer.clickAndWaitForNewPage(volunteer.find(By.cssSelector("form[action='/setup'] button[type=submit]")));

    // The recovery code is shown once; continuing needs the "I saved it" box ticked.
    String recoveryCode = volunteer.find(By.cssSelector("#recovery-code code")).getText().strip();
    assertThat(recoveryCode).as("recovery code").matches(RECOVERY_CODE);
    volunteer.screenshot("recovery-code");
    volunteer.find(By.cssSelector("form.confirm button[type=submit]")).click();
    assertThat(volunteer.js("return document.getElementById('saved').validity.valueMissing"))
        .as("continuing without ticking the box is refused").isEqualTo(true);
    assertThat(volunteer.find(By.id("recovery-code")).getText()).contains(recoveryCode);
    volunteer.find(By.id("saved")).click();
    volunteer.clickAndWaitForNewPage(volunteer.find(By.cssSelector("form.confirm button[type=submit]")));
    volunteer.waitForPath("/");
    assertThat(volunteer.find(By.tagName("h1")).getText()).isEqualTo("Inbox");
    assertThat(server.server().setupCode()).as("setup code is used up").isEmpty();
    volunteer.screenshot("inbox-empty");
    Steps.assertOnlySameOrigin(volunteer);

    // The chat page link is on the settings page.
    volunteer.clickAndWaitForNewPage(volunteer.find(By.cssSelector("header.top nav a[href='/settings']")));
    String chatPath = Steps.chatPath(volunteer);
    volunteer.screenshot("settings");
    Steps.assertOnlySameOrigin(volunteer);
    assertThat(volunteer.driver().getPageSource()).as("recovery code is never shown again")
        .doesNotContain(recoveryCode);

    // The volunteer waits on the inbox, subscribed to live updates.
    volunteer.clickAndWaitForNewPage(volunteer.find(By.cssSelector("header.top nav a[href='/']")));
    volunteer.waitForLiveUpdates();
    String inboxPage = volunteer.markPage();

    // A visitor, in a browser of their own, writes on the chat page.
    visitor = Browser.open("flow-visitor", server.baseUrl());
    visitor.get(chatPath);
    visitor.screenshot("chat-page");
    Steps.assertOnlySameOrigin(visitor);
    String chatPage = visitor.markPage();
    String question = "Is anyone there? I need to talk.";
    Steps.visitorWrites(visitor, question);
    assertThat(visitor.stillSamePage(chatPage)).as("the chat page sent without reloading").isTrue();
    visitor.waitForLiveUpdates();

    // ...and it appears in the volunteer's open inbox without a reload.
    volunteer.waitForText(CONVERSATION_LIST, question);
    assertThat(volunteer.stillSamePage(inboxPage)).as("the inbox updated in place, not by reloading").isTrue();
    volunteer.screenshot("inbox-live");

    // The volunteer opens it, takes it and replies.
    String conversation = Steps.openConversation(volunteer, question);
    assertThat(conversation).matches("/c/[0-9]+");
    Steps.conversationAction(volunteer, "assign", "me");
    assertThat(volunteer.find(By.cssSelector(".conv-head .meta")).getText()).contains("Ana");
    assertThat(volunteer.all(By.cssSelector(".actions form[action$='/assign']:has(input[value='none'])")))
        .as("an Unassign button once it is mine").isNotEmpty();
    String answer = "Yes, we are here. You can write as much as you like.";
    Steps.reply(volunteer, answer);
    volunteer.screenshot("conversation-replied");
    Steps.assertOnlySameOrigin(volunteer);

    // The visitor sees the reply arrive, without reloading.
    visitor.waitForText(TRANSCRIPT, answer);
    assertThat(visitor.stillSamePage(chatPage)).as("the reply arrived live, not by reloading").isTrue();
    visitor.screenshot("reply-arrived");

    // Close and reopen.
    Steps.conversationAction(volunteer, "status", "closed");
    volunteer.waitForText(By.cssSelector(".conv-head .status"), "closed");
    assertThat(volunteer.all(By.cssSelector(".actions form[action$='/status']:has(input[value='open'])")))
        .as("a Reopen button on a closed conversation").isNotEmpty();
    volunteer.screenshot("closed");
    Steps.conversationAction(volunteer, "status", "open");
    volunteer.waitForText(By.cssSelector(".conv-head .status"), "open");

    // The open conversation also follows new messages live.
    volunteer.waitForLiveUpdates();
    String conversationPage = volunteer.markPage();
    String thanks = "Thank you for answering.";
    Steps.visitorWrites(visitor, thanks);
    volunteer.waitForText(MESSAGES, thanks);
    assertThat(volunteer.stillSamePage(conversationPage)).as("the history updated in place").isTrue();
    volunteer.screenshot("reopened-live");

    // Logging out returns to the login page, and the inbox is closed again.
    volunteer.clickAndWaitForNewPage(volunteer.find(By.cssSelector("form.logout button[type=submit]")));
    volunteer.waitForPath("/login");
    volunteer.find(By.id("password"));
    volunteer.screenshot("logged-out");
    volunteer.get(conversation);
    volunteer.waitForPath("/login");

    assertThat(volunteer.consoleErrors()).as("console errors in the volunteer's browser").isEmpty();
    assertThat(visitor.consoleErrors()).as("console errors in the visitor's browser").isEmpty();
  }
}
