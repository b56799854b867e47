package org.switchboard.plugins.twilio;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.switchboard.api.Address;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.InboundEvent;
import org.switchboard.api.InboundEvent.ConsentChange;
import org.switchboard.api.InboundEvent.InboundMessage;
import org.switchboard.api.InboundEvent.StatusUpdate;
import org.switchboard.api.InboundResult;
import org.switchboard.api.MediaRef;

/**
 * Turns the form parameters of a verified Twilio (or SignalWire) webhook into events: an inbound message on the
 * main path, a delivery status on {@code status}.
 *
 * <p>Inbound example (anonymized):
 * {@code MessageSid=SM0123…&AccountSid=AC0123…&From=whatsapp%3A%2B15550100&To=whatsapp%3A%2B15550199
 * &Body=Hello&ProfileName=Sam&NumMedia=1&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2F…&MediaContentType0=image%2Fjpeg}.
 * Status example: {@code MessageSid=SM0123…&MessageStatus=failed&ErrorCode=30003&To=%2B15550100}.
 */
final class TwilioWebhookParser {
  /** The empty TwiML document Twilio expects back: "do nothing more". */
  static final InboundResult.Reply EMPTY_TWIML =
      InboundResult.Reply.of("text/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");

  /** More media than Twilio ever sends (10 for MMS); bounds the loop over a hostile NumMedia. */
  private static final int MAX_MEDIA = 20;
  /** The longest provider message id the server stores (Twilio's are 34 characters, SignalWire's 36). */
  private static final int MAX_SID = 200;
  private static final List<String> REQUIRED = List.of("MessageSid", "AccountSid", "From", "To");

  private TwilioWebhookParser() {
  }

  /** Parses a webhook whose signature was already verified. */
  static InboundResult parse(String subPath, Map<String, List<String>> params, String accountSid, Instant now) {
    Params p = new Params(params);
    String account = p.get("AccountSid");
    if (!account.isEmpty() && !account.equals(accountSid)) {
      return InboundResult.reject(403, "AccountSid does not match this connector");
    }
    return switch (subPath) {
      case "" -> message(p, now);
      case "status" -> status(p, now);
      default -> InboundResult.reject(404, "unknown webhook path");
    };
  }

  private static InboundResult message(Params p, Instant now) {
    for (String name : REQUIRED) {
      if (p.get(name).isBlank()) {
        return InboundResult.reject(400, "missing required parameter " + name);
      }
    }
    if (p.get("MessageSid").trim().length() > MAX_SID) {
      return InboundResult.reject(400, "MessageSid is too long");
    }
    boolean whatsapp = TwilioAddresses.isWhatsApp(p.get("From")) || TwilioAddresses.isWhatsApp(p.get("To"));
    Address from;
    Address to;
    try {
      from = TwilioAddresses.parse(p.get("From"), whatsapp);
    } catch (IllegalArgumentException e) {
      return InboundResult.reject(400, "From is not a phone number or WhatsApp id");
    }
    try {
      to = TwilioAddresses.parse(p.get("To"), whatsapp);
    } catch (IllegalArgumentException e) {
      return InboundResult.reject(400, "To is not a phone number or WhatsApp id");
    }
    // WhatsApp quick-reply buttons send the button's label in ButtonText; Body may hold the template text.
    String text = whatsapp && !p.get("ButtonText").isBlank() ? p.get("ButtonText") : p.get("Body");
    InboundMessage message = new InboundMessage(p.get("MessageSid").trim(), from, to,
        Optional.of(p.get("ProfileName")), text, media(p), now, Optional.empty());
    return InboundResult.accept(List.of(message), EMPTY_TWIML);
  }

  private static List<MediaRef> media(Params p) {
    int count;
    try {
      count = Math.min(Integer.parseInt(p.get("NumMedia").trim()), MAX_MEDIA);
    } catch (NumberFormatException e) {
      count = 0;
    }
    List<MediaRef> media = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String url = p.get("MediaUrl" + i).trim();
      if (!url.isEmpty()) {
        media.add(MediaRef.of(url, p.get("MediaContentType" + i).trim()));
      }
    }
    return media;
  }

  private static InboundResult status(Params p, Instant now) {
    String sid = p.get("MessageSid").trim();
    String value = p.get("MessageStatus").trim().toLowerCase(Locale.ROOT);
    if (sid.isEmpty() || value.isEmpty()) {
      return InboundResult.accept(List.of(), EMPTY_TWIML);
    }
    if (sid.length() > MAX_SID) {
      return InboundResult.reject(400, "MessageSid is too long");
    }
    Optional<DeliveryStatus> status;
    try {
      status = deliveryStatus(value);
    } catch (IllegalArgumentException e) {
      return InboundResult.reject(400, "unknown status '" + clip(p.get("MessageStatus").trim()) + "'");
    }
    if (status.isEmpty()) {
      return InboundResult.accept(List.of(), EMPTY_TWIML);
    }
    String code = p.get("ErrorCode").trim();
    List<InboundEvent> events = new ArrayList<>();
    // Twilio's codes are numbers; anything else is not worth showing or storing.
    if (!code.matches("[0-9]{1,10}") || code.equals("0")) {
      events.add(StatusUpdate.of(sid, status.get(), now));
    } else {
      boolean retryable = status.get() == DeliveryStatus.FAILED && TwilioErrors.retryable(code);
      events.add(new StatusUpdate(sid, status.get(), Optional.of(code), Optional.of(TwilioErrors.describe(code)),
          retryable, now));
      if (code.equals(TwilioErrors.OPTED_OUT)) {
        optOut(p, now).ifPresent(events::add);
      }
    }
    return InboundResult.accept(events, EMPTY_TWIML);
  }

  private static Optional<InboundEvent> optOut(Params p, Instant now) {
    String to = p.get("To");
    if (to.isBlank()) {
      return Optional.empty();
    }
    boolean whatsapp = TwilioAddresses.isWhatsApp(to) || TwilioAddresses.isWhatsApp(p.get("From"));
    try {
      Address recipient = TwilioAddresses.parse(to, whatsapp);
      return Optional.of(new ConsentChange(recipient, true, "provider:" + TwilioErrors.OPTED_OUT, now));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Twilio's message statuses (twilio-java {@code Message.Status}); SignalWire sends a subset. Inbound-only
   * statuses ({@code receiving}, {@code received}) carry nothing for an outbound message and are ignored.
   */
  static Optional<DeliveryStatus> deliveryStatus(String value) {
    return switch (value) {
      case "queued", "accepted", "scheduled" -> Optional.of(DeliveryStatus.QUEUED);
      case "sending", "sent" -> Optional.of(DeliveryStatus.SENT);
      // Delivered to some but not all parts or recipients: still further than "sent".
      case "delivered", "partially_delivered" -> Optional.of(DeliveryStatus.DELIVERED);
      case "read" -> Optional.of(DeliveryStatus.READ);
      case "failed", "undelivered", "canceled" -> Optional.of(DeliveryStatus.FAILED);
      case "receiving", "received" -> Optional.empty();
      default -> throw new IllegalArgumentException("unknown status");
    };
  }

  private static String clip(String value) {
    String safe = value.replaceAll("[^A-Za-z0-9_:.-]", "?");
    return safe.length() <= 32 ? safe : safe.substring(0, 32) + "…";
  }

  /** First values of form parameters, {@code ""} when absent. */
  private record Params(Map<String, List<String>> all) {
    String get(String name) {
      List<String> values = all.get(name);
      return values == null || values.isEmpty() ? "" : values.get(0);
    }
  }
}
