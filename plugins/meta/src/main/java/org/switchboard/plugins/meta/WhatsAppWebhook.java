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
 * Turns a verified WhatsApp Cloud API notification into events: every message of every change of every entry
 * (Meta batches), and every status.
 *
 * <p>Example (anonymized): {@code {"object":"whatsapp_business_account","entry":[{"id":"<waba>","changes":[{"field":
 * "messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550100199",
 * "phone_number_id":"1234567890"},"contacts":[{"profile":{"name":"Sam"},"wa_id":"15550100100"}],"messages":[{"from":
 * "15550100100","id":"wamid.HBg…","timestamp":"1767261600","type":"text","text":{"body":"Hello"}}]}}]}]}}
 * (<a href="https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components">Webhooks components</a>).
 * Nothing a person sends is dropped: types we do not render arrive as a short placeholder, reactions as a line that
 * names the emoji.
 */
final class WhatsAppWebhook {
  private static final Set<String> MEDIA = Set.of("image", "audio", "voice", "video", "document", "sticker");

  private WhatsAppWebhook() {
  }

  static List<InboundEvent> parse(JsonNode root, Instant now, Logger log) {
    List<InboundEvent> events = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    if (!"whatsapp_business_account".equals(MetaJson.text(root, "object"))) {
      log.info("whatsapp webhook: not a WhatsApp notification, nothing to store");
      return events;
    }
    for (JsonNode entry : root.path("entry")) {
      for (JsonNode change : entry.path("changes")) {
        if (!"messages".equals(MetaJson.text(change, "field"))) {
          continue;
        }
        JsonNode value = change.path("value");
        for (JsonNode error : value.path("errors")) {
          log.warn("whatsapp webhook: Meta reported error {}", MetaJson.text(error, "code"));
        }
        String display = MetaJson.text(value.path("metadata"), "display_phone_number");
        Optional<Address> hotline = address(display);
        for (JsonNode message : value.path("messages")) {
          if (hotline.isEmpty()) {
            log.warn("whatsapp webhook: a message without the business number, skipped");
            continue;
          }
          message(message, value.path("contacts"), hotline.get(), now, log)
              .filter(m -> seen.add("m:" + m.providerMessageId())).ifPresent(events::add);
        }
        for (JsonNode status : value.path("statuses")) {
          status(status, now, log).filter(s -> seen.add("s:" + s.providerMessageId() + ":" + s.status()))
              .ifPresent(events::add);
        }
      }
    }
    return events;
  }

  private static Optional<InboundMessage> message(JsonNode message, JsonNode contacts, Address hotline, Instant now,
      Logger log) {
    String id = MetaJson.text(message, "id").trim();
    if (id.isEmpty() || id.length() > 200) {
      log.warn("whatsapp webhook: a message without a usable id, skipped");
      return Optional.empty();
    }
    if (!MetaJson.text(message, "group_id").isEmpty()) {
      log.info("whatsapp webhook: a group message, not handled by a hotline");
      return Optional.empty();
    }
    String waId = MetaJson.text(message, "from").trim();
    String userId = MetaJson.text(message, "from_user_id").trim();
    Optional<Address> from = address(waId).or(() -> address(userId));
    if (from.isEmpty()) {
      log.warn("whatsapp webhook: a message without a usable sender, skipped");
      return Optional.empty();
    }
    Optional<String> name = Optional.empty();
    for (JsonNode contact : contacts) {
      String contactWa = MetaJson.text(contact, "wa_id").trim();
      String contactUser = MetaJson.text(contact, "user_id").trim();
      if ((!waId.isEmpty() && waId.equals(contactWa)) || (!userId.isEmpty() && userId.equals(contactUser))) {
        name = Optional.of(MetaJson.text(contact.path("profile"), "name").strip()).filter(s -> !s.isEmpty());
      }
    }
    String type = MetaJson.text(message, "type").toLowerCase(Locale.ROOT);
    List<MediaRef> media = new ArrayList<>();
    String text;
    if (type.equals("text")) {
      text = MetaJson.text(message.path("text"), "body");
    } else if (MEDIA.contains(type)) {
      JsonNode item = message.path(type);
      String mediaId = MetaJson.text(item, "id").trim();
      text = MetaJson.text(item, "caption");
      if (mediaId.isEmpty()) {
        text = placeholder(type + " without a file");
      } else {
        media.add(new MediaRef(mediaId, Optional.of(MetaJson.text(item, "mime_type")),
            Optional.of(MetaJson.text(item, "filename"))));
      }
    } else if (type.equals("location")) {
      text = location(message.path("location"));
    } else if (type.equals("contacts")) {
      text = contactsText(message.path("contacts"));
    } else if (type.equals("interactive")) {
      text = interactive(message.path("interactive"));
    } else if (type.equals("button")) {
      text = MetaJson.text(message.path("button"), "text");
    } else if (type.equals("reaction")) {
      String emoji = MetaJson.text(message.path("reaction"), "emoji");
      text = emoji.isEmpty() ? "[removed a reaction from an earlier message]"
          : "[reacted " + emoji + " to an earlier message]";
    } else {
      String title = message.path("errors").path(0).path("title").asText("");
      text = placeholder(type.isEmpty() ? "message" : type + " message")
          + (title.isEmpty() ? "" : " (" + GraphError.redact(title) + ")");
    }
    if (text.isEmpty() && media.isEmpty()) {
      text = placeholder("empty " + (type.isEmpty() ? "message" : type));
    }
    return Optional.of(new InboundMessage(id, from.get(), hotline, name, text, media, timestamp(message, now),
        Optional.empty()));
  }

  private static String placeholder(String what) {
    return "[" + what + ": open WhatsApp to see it]";
  }

  private static String location(JsonNode location) {
    List<String> parts = new ArrayList<>();
    for (String field : List.of("name", "address")) {
      String value = MetaJson.text(location, field).strip();
      if (!value.isEmpty()) {
        parts.add(value);
      }
    }
    String latitude = MetaJson.text(location, "latitude");
    String longitude = MetaJson.text(location, "longitude");
    if (!latitude.isEmpty() && !longitude.isEmpty()) {
      parts.add(latitude + ", " + longitude + " (https://www.openstreetmap.org/?mlat=" + latitude + "&mlon="
          + longitude + ")");
    }
    String url = MetaJson.text(location, "url").strip();
    if (!url.isEmpty()) {
      parts.add(url);
    }
    return "[location] " + String.join(" — ", parts);
  }

  private static String contactsText(JsonNode contacts) {
    List<String> cards = new ArrayList<>();
    for (JsonNode contact : contacts) {
      List<String> card = new ArrayList<>();
      String name = MetaJson.text(contact.path("name"), "formatted_name").strip();
      card.add(name.isEmpty() ? "(no name)" : name);
      contact.path("phones").forEach(p -> card.add(MetaJson.text(p, "phone")));
      contact.path("emails").forEach(e -> card.add(MetaJson.text(e, "email")));
      cards.add(String.join(", ", card.stream().filter(s -> !s.isBlank()).toList()));
    }
    return "[shared contact] " + String.join("; ", cards);
  }

  private static String interactive(JsonNode interactive) {
    String kind = MetaJson.text(interactive, "type");
    return switch (kind) {
      case "button_reply" -> MetaJson.text(interactive.path("button_reply"), "title");
      case "list_reply" -> {
        String title = MetaJson.text(interactive.path("list_reply"), "title");
        String description = MetaJson.text(interactive.path("list_reply"), "description");
        yield description.isEmpty() ? title : title + " — " + description;
      }
      case "nfm_reply" -> {
        String body = MetaJson.text(interactive.path("nfm_reply"), "body");
        yield body.isEmpty() ? "[form answered]" : body;
      }
      default -> placeholder("interactive " + (kind.isEmpty() ? "reply" : kind));
    };
  }

  private static Optional<StatusUpdate> status(JsonNode status, Instant now, Logger log) {
    String id = MetaJson.text(status, "id").trim();
    String word = MetaJson.text(status, "status").toLowerCase(Locale.ROOT);
    if (id.isEmpty() || id.length() > 200) {
      log.warn("whatsapp webhook: a status without a usable message id, skipped");
      return Optional.empty();
    }
    Instant at = timestamp(status, now);
    return switch (word) {
      case "sent" -> Optional.of(StatusUpdate.of(id, DeliveryStatus.SENT, at));
      case "delivered" -> Optional.of(StatusUpdate.of(id, DeliveryStatus.DELIVERED, at));
      case "read", "played" -> Optional.of(StatusUpdate.of(id, DeliveryStatus.READ, at));
      case "failed" -> {
        JsonNode error = status.path("errors").path(0);
        String code = MetaJson.text(error, "code").trim();
        String title = MetaJson.text(error, "title");
        if (code.isEmpty()) {
          yield Optional.of(new StatusUpdate(id, DeliveryStatus.FAILED, Optional.empty(),
              Optional.of("Meta reported the message as failed"), false, at));
        }
        yield Optional.of(new StatusUpdate(id, DeliveryStatus.FAILED, Optional.of(code),
            Optional.of(GraphError.describe(code, title)), GraphError.retryableStatus(code), at));
      }
      default -> {
        // "deleted" (the person deleted it) and words Meta may add later change nothing we show.
        log.info("whatsapp webhook: status '{}' ignored", word.replaceAll("[^a-z_]", "?"));
        yield Optional.empty();
      }
    };
  }

  /** {@code timestamp} is epoch seconds as a string (milliseconds tolerated); the receive time when unreadable. */
  static Instant timestamp(JsonNode node, Instant now) {
    String raw = MetaJson.text(node, "timestamp").trim();
    try {
      long value = Long.parseLong(raw);
      if (value <= 0) {
        return now;
      }
      return value > 100_000_000_000L ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
    } catch (NumberFormatException e) {
      return now;
    }
  }

  /** A WhatsApp user or business number: {@code wa_id} digits, or a business-scoped user id ({@code US.1234}). */
  static Optional<Address> address(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Address.whatsapp(raw));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
