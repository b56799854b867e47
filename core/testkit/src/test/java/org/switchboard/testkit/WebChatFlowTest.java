package org.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.auth.Caller;
import org.switchboard.channels.ConnectorService;
import org.switchboard.conversations.ConversationService;
import org.switchboard.conversations.ConversationStore;
import org.switchboard.conversations.MessageStatus;
import org.switchboard.webchat.Visitor;
import org.switchboard.webchat.WebChatService;

class WebChatFlowTest {
  private TestSwitchboard server;
  private TestSwitchboard.Org org;
  private String chatToken;

  @BeforeEach
  void start() {
    server = TestSwitchboard.start();
    org = server.createOrg("Tenants Line");
    chatToken = server.get(ConnectorService.class).list(org.id()).stream()
        .filter(c -> c.type().equals("webchat")).findFirst().orElseThrow().webhookToken();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    server.deleteData();
  }

  @Test
  void visitorMessageReachesInboxAndReplyReachesVisitor() throws Exception {
    WebChatService chat = server.get(WebChatService.class);
    Visitor visitor = Visitor.create();
    chat.post(chatToken, visitor, visitor.formToken(), "my landlord changed the locks", "nonce-0001", "10.0.0.1");

    Caller volunteer = server.login(org.ownerEmail());
    ConversationService conversations = server.get(ConversationService.class);
    var page = conversations.list(volunteer, new ConversationStore.Filter(ConversationStore.View.ALL,
        Optional.empty()), Optional.empty());
    assertThat(page.conversations()).hasSize(1);
    var summary = page.conversations().get(0);
    assertThat(summary.preview()).isEqualTo("my landlord changed the locks");
    assertThat(summary.unread()).isTrue();
    assertThat(summary.channelType()).isEqualTo("webchat");

    conversations.reply(volunteer, summary.id(), "We can help. Are you safe right now?", List.of());
    Waits.until(Duration.ofSeconds(10), () -> conversations.get(volunteer, summary.id()).messages().stream()
        .anyMatch(m -> m.body().startsWith("We can help") && m.status() == MessageStatus.DELIVERED));

    var transcript = chat.transcript(chatToken, visitor);
    assertThat(transcript).extracting(WebChatService.Line::text)
        .containsExactly("my landlord changed the locks", "We can help. Are you safe right now?");
    Waits.until(Duration.ofSeconds(10), () -> conversations.get(volunteer, summary.id()).messages().stream()
        .anyMatch(m -> m.body().startsWith("We can help") && m.status() == MessageStatus.READ));
  }

  @Test
  void sameFormSubmittedTwiceIsStoredOnce() {
    WebChatService chat = server.get(WebChatService.class);
    Visitor visitor = Visitor.create();
    chat.post(chatToken, visitor, visitor.formToken(), "hello", "nonce-dup-1", "10.0.0.1");
    chat.post(chatToken, visitor, visitor.formToken(), "hello", "nonce-dup-1", "10.0.0.1");
    Caller volunteer = server.login(org.ownerEmail());
    var detail = server.get(ConversationService.class).get(volunteer, server.get(ConversationService.class)
        .list(volunteer, new ConversationStore.Filter(ConversationStore.View.ALL, Optional.empty()), Optional.empty())
        .conversations().get(0).id());
    assertThat(detail.messages()).hasSize(1);
    assertThat(chat.transcript(chatToken, visitor)).hasSize(1);
  }

  @Test
  void apiTokenListsAndRepliesOverHttp() {
    new WebChatServiceDriver(server, chatToken).say("need advice about eviction");
    TestHttp api = server.http().withBearer(server.apiToken(org.ownerEmail()));
    var list = api.get("/api/v1/conversations");
    assertThat(list.status()).isEqualTo(200);
    long id = list.json().get("conversations").get(0).get("id").asLong();
    assertThat(list.json().get("conversations").get(0).get("preview").asText()).isEqualTo("need advice about eviction");
    var reply = api.postJson("/api/v1/conversations/" + id + "/messages", Map.of("text", "Call us at 10."));
    assertThat(reply.status()).isEqualTo(202);
    var detail = api.get("/api/v1/conversations/" + id);
    assertThat(detail.json().get("messages")).hasSize(2);

    // An anonymous visitor's label is plain English text in the API, the same in the list and the detail.
    var label = list.json().get("conversations").get(0).get("contactLabel");
    assertThat(label.isTextual()).as("contactLabel is a string, not an object").isTrue();
    assertThat(label.asText()).matches("Web visitor [0-9]+");
    assertThat(detail.json().get("contact").get("label").asText()).isEqualTo(label.asText());
    assertThat(detail.json().get("contact").get("addresses").get(0).asText()).isEqualTo(label.asText());
  }
}
