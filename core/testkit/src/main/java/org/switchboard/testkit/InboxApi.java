package org.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A member's view of the inbox through the JSON API, for end-to-end tests: find, read and answer conversations. */
public final class InboxApi {
  private final TestHttp api;
  private final Duration wait;

  /** {@code api} carries a member's bearer token; {@code wait} bounds waiting for a conversation to appear. */
  public InboxApi(TestHttp api, Duration wait) {
    this.api = api;
    this.wait = wait;
  }

  /** Waits for the conversation whose last message reads {@code preview}; returns its id. */
  public long conversationWith(String preview) {
    long[] id = {-1};
    Waits.until(wait, () -> {
      for (JsonNode c : api.get("/api/v1/conversations").json().get("conversations")) {
        if (preview.equals(c.get("preview").asText())) {
          id[0] = c.get("id").asLong();
          return true;
        }
      }
      return false;
    });
    return id[0];
  }

  public JsonNode conversation(long id) {
    return api.get("/api/v1/conversations/" + id).json();
  }

  public List<JsonNode> messages(long conversation) {
    List<JsonNode> list = new ArrayList<>();
    conversation(conversation).get("messages").forEach(list::add);
    return list;
  }

  /** A message's status in lower case, or {@code missing}. */
  public String status(long conversation, long message) {
    return messages(conversation).stream().filter(m -> m.get("id").asLong() == message).findFirst()
        .map(m -> m.get("status").asText().toLowerCase(Locale.ROOT)).orElse("missing");
  }

  /** Replies (expecting 202, queued) and returns the new message's id. */
  public long reply(long conversation, String text) {
    TestHttp.Reply reply = api.postJson("/api/v1/conversations/" + conversation + "/messages", Map.of("text", text));
    assertThat(reply.status()).as(reply.body()).isEqualTo(202);
    return reply.json().get("id").asLong();
  }
}
