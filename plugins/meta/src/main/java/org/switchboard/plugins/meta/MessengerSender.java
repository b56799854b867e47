package org.switchboard.plugins.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.switchboard.api.ChannelLimits;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.FailureKind;
import org.switchboard.api.HttpCall;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.OutboundMedia;
import org.switchboard.api.OutboundMessage;
import org.switchboard.api.SendResult;

/**
 * Sends a reply through the Send API of the Page, to a Messenger or an Instagram user.
 *
 * <p>Request (anonymized): {@code POST /v25.0/{page-id}/messages} with the Page token and
 * {@code {"recipient":{"id":"<psid>"},"messaging_type":"RESPONSE","message":{"text":"Hi"}}} →
 * {@code {"recipient_id":"<psid>","message_id":"m_…"}}; an attachment goes by the link the server serves,
 * {@code "message":{"attachment":{"type":"image","payload":{"url":"https://host/media/out/…","is_reusable":false}}}}
 * (<a href="https://developers.facebook.com/docs/messenger-platform/reference/send-api/">Send API</a>). Replies are
 * allowed within 24 hours of the person's last message.
 */
final class MessengerSender {
  private final HttpTransport http;
  private final Clock clock;
  private final Logger log;
  private final Duration timeout;

  MessengerSender(HttpTransport http, Clock clock, Logger log, Duration timeout) {
    this.http = http;
    this.clock = clock;
    this.log = log;
    this.timeout = timeout;
  }

  SendResult send(OutboundMessage message, MessengerAccount account, ChannelLimits limits) {
    SendResult result = sendChecked(message, account, limits);
    if (result instanceof SendResult.Failed failed) {
      log.warn("messenger send {} failed: {} {}", message.reference(), failed.kind(),
          failed.providerCode().orElse("-"));
    } else {
      log.info("messenger send {} accepted", message.reference());
    }
    return result;
  }

  private SendResult sendChecked(OutboundMessage message, MessengerAccount account, ChannelLimits limits) {
    if (message.template().isPresent()) {
      return SendResult.failed(FailureKind.REJECTED, "Messenger and Instagram replies cannot use templates");
    }
    if (!limits.replyWindowOpen(message.lastInboundAt(), clock.instant())) {
      return SendResult.failed(FailureKind.REJECTED,
          "the 24-hour messaging window has closed — the person must write first");
    }
    SendResult last = null;
    // One attachment per message: the attachment goes first, the text after it, and the text's id is tracked.
    for (OutboundMedia media : message.media()) {
      ObjectNode attachment = MetaJson.newObject();
      attachment.put("type", attachmentType(media.contentType()));
      ObjectNode payload = attachment.putObject("payload");
      payload.put("url", media.publicUrl().toString());
      payload.put("is_reusable", false);
      ObjectNode body = body(message);
      body.putObject("message").set("attachment", attachment);
      last = post(account, body);
      if (last instanceof SendResult.Failed) {
        return last;
      }
    }
    if (!message.text().isEmpty() || last == null) {
      ObjectNode body = body(message);
      body.putObject("message").put("text", message.text());
      last = post(account, body);
    }
    return last;
  }

  private static ObjectNode body(OutboundMessage message) {
    ObjectNode body = MetaJson.newObject();
    body.putObject("recipient").put("id", message.to().value());
    body.put("messaging_type", "RESPONSE");
    return body;
  }

  private SendResult post(MessengerAccount account, ObjectNode body) {
    HttpCall call = HttpCall.post(account.uri("/" + account.pageId() + "/messages")).bearer(account.pageToken())
        .json(MetaJson.write(body)).timeout(timeout).build();
    GraphSend.Outcome outcome = GraphSend.call(http, clock, call);
    if (outcome.failure().isPresent()) {
      return outcome.failure().get();
    }
    JsonNode json = outcome.json().get();
    String id = MetaJson.text(json, "message_id").trim();
    if (id.isEmpty() || id.length() > 180) {
      return SendResult.failed(FailureKind.BAD_RESPONSE, "Meta accepted the message without a message id");
    }
    return new SendResult.Accepted(id, DeliveryStatus.SENT);
  }

  static String attachmentType(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    if (type.startsWith("image/")) {
      return "image";
    }
    if (type.startsWith("video/")) {
      return "video";
    }
    if (type.startsWith("audio/")) {
      return "audio";
    }
    return "file";
  }
}
