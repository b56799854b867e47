package org.switchboard.plugins.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelException;
import org.switchboard.api.ChannelLimits;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.FailureKind;
import org.switchboard.api.HttpCall;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.OutboundMedia;
import org.switchboard.api.OutboundMessage;
import org.switchboard.api.SendResult;

/**
 * Sends one message through the Cloud API: text, one media item (uploaded first), or a template; a reply quotes the
 * person's message. Free text outside the 24-hour customer-service window is refused before anything is sent.
 *
 * <p>Request (anonymized): {@code POST /v25.0/{phone-number-id}/messages} with {@code Authorization: Bearer …} and
 * {@code {"messaging_product":"whatsapp","recipient_type":"individual","to":"15550100100","type":"text","text":
 * {"body":"Hi","preview_url":false}}} → {@code 200 {"messaging_product":"whatsapp","contacts":[…],"messages":[{"id":
 * "wamid.HBg…"}]}}. Media: {@code POST /v25.0/{phone-number-id}/media} (multipart: {@code messaging_product},
 * {@code type}, {@code file}) → {@code {"id":"<media-id>"}}, then {@code "type":"image","image":{"id":"<media-id>",
 * "caption":"…"}} (<a href="https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages">Messages</a>,
 * <a href="https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media">Media</a>).
 */
final class WhatsAppSender {
  private static final Set<String> CAPTIONED = Set.of("image", "video", "document");

  private final HttpTransport http;
  private final Clock clock;
  private final Logger log;
  private final Duration timeout;
  private final Duration mediaTimeout;
  private final WhatsAppNumbers numbers;
  private final WhatsAppTemplates templates;

  WhatsAppSender(HttpTransport http, Clock clock, Logger log, Duration timeout, Duration mediaTimeout,
      WhatsAppNumbers numbers, WhatsAppTemplates templates) {
    this.http = http;
    this.clock = clock;
    this.log = log;
    this.timeout = timeout;
    this.mediaTimeout = mediaTimeout;
    this.numbers = numbers;
    this.templates = templates;
  }

  SendResult send(OutboundMessage message, WhatsAppAccount account, ChannelLimits limits) {
    SendResult result;
    try {
      result = sendChecked(message, account, limits);
    } catch (ChannelException e) {
      result = SendResult.failed(e.kind(), e.getMessage());
    }
    if (result instanceof SendResult.Failed failed) {
      log.warn("whatsapp send {} failed: {} {}", message.reference(), failed.kind(),
          failed.providerCode().orElse("-"));
    } else {
      log.info("whatsapp send {} accepted", message.reference());
    }
    return result;
  }

  private SendResult sendChecked(OutboundMessage message, WhatsAppAccount account, ChannelLimits limits)
      throws ChannelException {
    if (message.template().isEmpty() && !limits.replyWindowOpen(message.lastInboundAt(), clock.instant())) {
      return SendResult.failed(FailureKind.REJECTED, GraphError.WINDOW_TEXT);
    }
    String phoneNumberId = numbers.phoneNumberId(account, message.from());
    ObjectNode body = envelope(message.to());
    message.quote().ifPresent(quoted -> body.putObject("context").put("message_id", quoted));
    if (message.template().isPresent()) {
      OutboundMessage.Template wanted = message.template().get();
      WhatsAppTemplates.Definition definition = templates.find(account, wanted).orElseThrow(() ->
          new ChannelException(FailureKind.REJECTED, "no template with this name or id in the WhatsApp account"));
      body.put("type", "template");
      body.set("template", WhatsAppTemplates.build(definition, wanted.variables()));
      return post(account, phoneNumberId, body);
    }
    if (message.media().isEmpty()) {
      body.put("type", "text");
      ObjectNode text = body.putObject("text");
      text.put("body", message.text());
      text.put("preview_url", false);
      return post(account, phoneNumberId, body);
    }
    OutboundMedia media = message.media().get(0);
    String type = mediaType(media.contentType());
    GraphSend.Outcome uploaded = GraphSend.call(http, clock, upload(account, phoneNumberId, media, type));
    if (uploaded.failure().isPresent()) {
      return uploaded.failure().get();
    }
    String mediaId = MetaJson.text(uploaded.json().get(), "id").trim();
    if (mediaId.isEmpty()) {
      return SendResult.failed(FailureKind.BAD_RESPONSE, "Meta stored the attachment without giving its id");
    }
    body.put("type", type);
    ObjectNode item = body.putObject(type);
    item.put("id", mediaId);
    boolean captioned = CAPTIONED.contains(type) && !message.text().isEmpty();
    if (captioned) {
      item.put("caption", message.text());
    }
    if (type.equals("document")) {
      item.put("filename", media.filename());
    }
    SendResult sent = post(account, phoneNumberId, body);
    if (captioned || message.text().isEmpty() || !(sent instanceof SendResult.Accepted)) {
      return sent;
    }
    // Audio and stickers take no caption: the text follows as its own message, and its id is the one tracked.
    ObjectNode text = envelope(message.to());
    text.put("type", "text");
    text.putObject("text").put("body", message.text()).put("preview_url", false);
    return post(account, phoneNumberId, text);
  }

  /** The fields every message starts with; a business-scoped user id goes in {@code recipient}, not {@code to}. */
  private static ObjectNode envelope(Address to) {
    ObjectNode body = MetaJson.newObject();
    body.put("messaging_product", "whatsapp");
    body.put("recipient_type", "individual");
    if (Address.isE164(to.value())) {
      body.put("to", to.value().substring(1));
    } else {
      body.put("recipient", to.value());
    }
    return body;
  }

  private SendResult post(WhatsAppAccount account, String phoneNumberId, ObjectNode body) {
    HttpCall call = HttpCall.post(account.uri("/" + phoneNumberId + "/messages")).bearer(account.token())
        .json(MetaJson.write(body)).timeout(timeout).build();
    GraphSend.Outcome outcome = GraphSend.call(http, clock, call);
    if (outcome.failure().isPresent()) {
      return outcome.failure().get();
    }
    JsonNode first = outcome.json().get().path("messages").path(0);
    String id = MetaJson.text(first, "id").trim();
    if (id.isEmpty() || id.length() > 200) {
      return SendResult.failed(FailureKind.BAD_RESPONSE, "Meta accepted the message without a message id");
    }
    return new SendResult.Accepted(id, DeliveryStatus.QUEUED);
  }

  /** The multipart upload of one attachment. */
  private HttpCall upload(WhatsAppAccount account, String phoneNumberId, OutboundMedia media, String type) {
    String boundary = "switchboard-" + Integer.toHexString(Arrays.hashCode(media.data()))
        + Long.toHexString(clock.millis());
    ByteArrayOutputStream out = new ByteArrayOutputStream(media.data().length + 512);
    part(out, boundary, "messaging_product", null, null, "whatsapp".getBytes(StandardCharsets.UTF_8));
    part(out, boundary, "type", null, null, media.contentType().getBytes(StandardCharsets.UTF_8));
    part(out, boundary, "file", safeName(media.filename()), media.contentType(), media.data());
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return HttpCall.post(account.uri("/" + phoneNumberId + "/media")).bearer(account.token())
        .body("multipart/form-data; boundary=" + boundary, out.toByteArray()).timeout(mediaTimeout).build();
  }

  private static void part(ByteArrayOutputStream out, String boundary, String name, String filename,
      String contentType, byte[] data) {
    StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
        .append("Content-Disposition: form-data; name=\"").append(name).append('"');
    if (filename != null) {
      head.append("; filename=\"").append(filename).append('"');
    }
    head.append("\r\n");
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    head.append("\r\n");
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(data);
    out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
  }

  private static String safeName(String filename) {
    String cleaned = filename.replaceAll("[\"\\\\\r\n]", "_");
    return cleaned.isBlank() ? "attachment" : cleaned;
  }

  /** WhatsApp's message type for a content type; anything it does not play inline goes as a document. */
  static String mediaType(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
    if (type.equals("image/jpeg") || type.equals("image/png")) {
      return "image";
    }
    if (type.equals("image/webp")) {
      return "sticker";
    }
    if (type.equals("video/mp4") || type.equals("video/3gpp")) {
      return "video";
    }
    if (type.startsWith("audio/")) {
      return "audio";
    }
    return "document";
  }
}
