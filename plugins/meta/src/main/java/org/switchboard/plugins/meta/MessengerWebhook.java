package org.switchboard.plugins.meta;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.switchboard.api.Address;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.InboundEvent;
import org.switchboard.api.InboundEvent.InboundMessage;
import org.switchboard.api.InboundEvent.StatusUpdate;
import org.switchboard.api.MediaRef;

/**
 * Turns a verified Messenger ({@code "object":"page"}) or Instagram ({@code "object":"instagram"}) notification into
 * events.
 *
 * <p>Example (anonymized): {@code {"object":"page","entry":[{"id":"<page-id>","time":1767261600000,"messaging":[{
 * "sender":{"id":"<psid>"},"recipient":{"id":"<page-id>"},"timestamp":1767261600000,"message":{"mid":"m_…",
 * "text":"Hello"}}]}]}} (<a href="https://developers.facebook.com/docs/messenger-platform/reference/webhook-events">
 * Webhook events</a>). Messages, postbacks (button taps), reactions and edits become messages (a reaction or an edit
 * as a line that says so); deliveries and Instagram reads become statuses; our own echoes are skipped.
 */
final class MessengerWebhook {
  static final String MESSENGER = "messenger";
  static final String INSTAGRAM = "instagram";
  private static final Set<String> MEDIA = Set.of("image", "video", "audio", "file");

  private MessengerWebhook() {
  }

  static List<InboundEvent> parse(JsonNode root, Instant now, Logger log) {
    String object = MetaJson.text(root, "object");
    String scheme = switch (object) {
      case "page" -> MESSENGER;
      case "instagram" -> INSTAGRAM;
      default -> "";
    };
    List<InboundEvent> events = new ArrayList<>();
    if (scheme.isEmpty()) {
      log.info("messenger webhook: not a Page or Instagram notification, nothing to store");
      return events;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (JsonNode entry : root.path("entry")) {
      for (JsonNode event : entry.path("messaging")) {
        for (InboundEvent parsed : event(scheme, event, now, log)) {
          String key = parsed instanceof InboundMessage m ? "m:" + m.providerMessageId()
              : "s:" + ((StatusUpdate) parsed).providerMessageId() + ":" + ((StatusUpdate) parsed).status();
          if (seen.add(key)) {
            events.add(parsed);
          }
        }
      }
    }
    return events;
  }

  private static List<InboundEvent> event(String scheme, JsonNode event, Instant now, Logger log) {
    String sender = MetaJson.text(event.path("sender"), "id").trim();
    String recipient = MetaJson.text(event.path("recipient"), "id").trim();
    Optional<Address> from = address(scheme, sender);
    Optional<Address> to = address(scheme, recipient);
    Instant at = timestamp(event, now);
    List<InboundEvent> events = new ArrayList<>();
    if (event.has("delivery")) {
      for (JsonNode mid : event.path("delivery").path("mids")) {
        id(mid.asText("")).ifPresent(id -> events.add(StatusUpdate.of(id, DeliveryStatus.DELIVERED, at)));
      }
      return events;
    }
    if (event.has("read")) {
      // Instagram names the message read; Messenger gives only a watermark, which names no message of ours.
      id(MetaJson.text(event.path("read"), "mid"))
          .ifPresent(id -> events.add(StatusUpdate.of(id, DeliveryStatus.READ, at)));
      return events;
    }
    if (from.isEmpty() || to.isEmpty()) {
      log.warn("messenger webhook: an event without a usable sender or recipient, skipped");
      return events;
    }
    String text;
    String id;
    List<MediaRef> media = new ArrayList<>();
    if (event.has("message")) {
      JsonNode message = event.path("message");
      if (message.path("is_echo").asBoolean(false)) {
        return events;
      }
      Optional<String> mid = id(MetaJson.text(message, "mid"));
      if (mid.isEmpty()) {
        log.warn("messenger webhook: a message without a usable id, skipped");
        return events;
      }
      id = mid.get();
      if (message.path("is_deleted").asBoolean(false)) {
        id = id + ":deleted";
        text = "[deleted an earlier message]";
      } else {
        text = MetaJson.text(message, "text");
        List<String> other = new ArrayList<>();
        for (JsonNode attachment : message.path("attachments")) {
          String type = MetaJson.text(attachment, "type").toLowerCase(Locale.ROOT);
          String url = MetaJson.text(attachment.path("payload"), "url").trim();
          if (MEDIA.contains(type) && !url.isEmpty()) {
            media.add(new MediaRef(url, Optional.of(contentType(type)), Optional.empty()));
          } else {
            other.add("[" + (type.isEmpty() ? "attachment" : type.replace('_', ' ')) + ": open "
                + (scheme.equals(INSTAGRAM) ? "Instagram" : "Messenger") + " to see it]");
          }
        }
        if (!other.isEmpty()) {
          text = (text.isEmpty() ? "" : text + "\n") + String.join("\n", other);
        }
      }
    } else if (event.has("postback")) {
      JsonNode postback = event.path("postback");
      id = id(MetaJson.text(postback, "mid")).orElse("postback:" + sender + ":" + at.toEpochMilli());
      text = MetaJson.text(postback, "title");
    } else if (event.has("reaction")) {
      JsonNode reaction = event.path("reaction");
      String emoji = MetaJson.text(reaction, "emoji");
      String action = MetaJson.text(reaction, "action");
      id = "reaction:" + MetaJson.text(reaction, "mid") + ":" + action + ":" + at.toEpochMilli();
      text = action.equals("unreact") || emoji.isEmpty() ? "[removed a reaction from an earlier message]"
          : "[reacted " + emoji + " to an earlier message]";
    } else if (event.has("message_edit")) {
      JsonNode edit = event.path("message_edit");
      id = MetaJson.text(edit, "mid") + ":edit:" + MetaJson.text(edit, "num_edit");
      text = "[edited an earlier message] " + MetaJson.text(edit, "text");
    } else {
      log.info("messenger webhook: an event of another kind, nothing to store");
      return events;
    }
    if (id.length() > 200) {
      log.warn("messenger webhook: an event id too long to keep, skipped");
      return events;
    }
    if (text.isEmpty() && media.isEmpty()) {
      text = "[empty message]";
    }
    events.add(new InboundMessage(id, from.get(), to.get(), Optional.empty(), text, media, at, Optional.empty()));
    return events;
  }

  private static String contentType(String type) {
    return switch (type) {
      case "image" -> "image/jpeg";
      case "video" -> "video/mp4";
      case "audio" -> "audio/mpeg";
      default -> "application/octet-stream";
    };
  }

  private static Optional<String> id(String raw) {
    String id = raw == null ? "" : raw.trim();
    return id.isEmpty() || id.length() > 180 ? Optional.empty() : Optional.of(id);
  }

  static Optional<Address> address(String scheme, String id) {
    if (id == null || !id.matches("[0-9A-Za-z_-]{1,64}")) {
      return Optional.empty();
    }
    return Optional.of(new Address(scheme, id));
  }

  /** Messenger timestamps are epoch milliseconds. */
  private static Instant timestamp(JsonNode event, Instant now) {
    long millis = event.path("timestamp").asLong(0);
    return millis > 0 ? Instant.ofEpochMilli(millis) : now;
  }
}
