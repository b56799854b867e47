package org.switchboard.plugins.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.switchboard.api.Address;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.InboundEvent;
import org.switchboard.api.InboundEvent.ExpiryTimerChanged;
import org.switchboard.api.InboundEvent.IdentityChanged;
import org.switchboard.api.InboundEvent.InboundMessage;
import org.switchboard.api.InboundEvent.StatusUpdate;
import org.switchboard.api.MediaRef;

/**
 * Turns what the bridge receives — {@code {envelope, account}} objects, one per websocket frame in json-rpc mode or
 * an array of them from a poll — into inbound events.
 *
 * <p>Example (a json-rpc websocket frame; anonymized):
 * <pre>{"envelope":{"sourceNumber":null,"sourceUuid":"0b0e…","sourceName":"A.","timestamp":1785492000000,
 *   "dataMessage":{"timestamp":1785492000000,"message":"hello","expiresInSeconds":0,
 *   "attachments":[{"id":"x1.png","contentType":"image/png","filename":"p.png"}]}},"account":"+15550001000"}</pre>
 *
 * <p>Direct messages become {@link InboundMessage}s (plus an {@link ExpiryTimerChanged} carrying the
 * conversation's disappearing-messages timer, which Signal repeats on every message); receipts become
 * {@link StatusUpdate}s for each of our sent timestamps; an {@code UntrustedIdentityException} from signal-cli
 * becomes {@link IdentityChanged}. Group messages, typing indicators, sync messages from our own other devices,
 * stories, calls, reactions and remote deletes are ignored.
 */
final class EnvelopeParser {
  private final ObjectMapper json;
  private final Clock clock;

  EnvelopeParser(ObjectMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  /** What a frame was, for logs and tests; never carries content. */
  enum Kind {
    MESSAGE, RECEIPT, IDENTITY, EXPIRY, GROUP_IGNORED, TYPING_IGNORED, SYNC_IGNORED, OTHER_IGNORED,
    OTHER_ACCOUNT, BRIDGE_ERROR, RECEIVE_ERROR, MALFORMED
  }

  /** One parsed frame: what it was and the events it carried. */
  record Frame(Kind kind, List<InboundEvent> events) {
    Frame {
      events = List.copyOf(events);
    }

    static Frame of(Kind kind) {
      return new Frame(kind, List.of());
    }

    @Override
    public String toString() {
      return "Frame[" + kind + ", " + events.size() + " events]";
    }
  }

  /** Parses one websocket text frame (or a whole JSON-RPC {@code receive} line). */
  Frame parseFrame(String text, Address channelAddress) {
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (IOException e) {
      return Frame.of(Kind.MALFORMED);
    }
    return parse(root, channelAddress);
  }

  /** Parses a polling answer: a JSON array of {@code {envelope, account}} objects. */
  List<Frame> parseBatch(String body, Address channelAddress) throws IOException {
    JsonNode root = json.readTree(body);
    if (root == null || root.isNull() || root.isMissingNode()) {
      return List.of();
    }
    if (!root.isArray()) {
      throw new IOException("a receive answer must be a JSON array");
    }
    List<Frame> frames = new ArrayList<>();
    root.forEach(item -> frames.add(parse(item, channelAddress)));
    return frames;
  }

  Frame parse(JsonNode root, Address channelAddress) {
    if (root == null || !root.isObject()) {
      return Frame.of(Kind.MALFORMED);
    }
    // A whole JSON-RPC line ({"jsonrpc":"2.0","method":"receive","params":{…}}) as RECEIVE_WEBHOOK_URL posts it.
    if (root.has("jsonrpc") || root.has("method")) {
      if (!"receive".equals(root.path("method").asText())) {
        return Frame.of(Kind.OTHER_IGNORED);
      }
      root = root.path("params");
      if (!root.isObject()) {
        return Frame.of(Kind.MALFORMED);
      }
    }
    JsonNode envelope = root.get("envelope");
    if (root.has("error") && (envelope == null || envelope.isNull())) {
      return Frame.of(Kind.BRIDGE_ERROR);
    }
    String account = text(root, "account").orElse(null);
    if (account != null && channelAddress != null && !account.equals(channelAddress.value())) {
      return Frame.of(Kind.OTHER_ACCOUNT);
    }
    if (envelope == null || !envelope.isObject()) {
      return root.has("exception") ? Frame.of(Kind.RECEIVE_ERROR) : Frame.of(Kind.MALFORMED);
    }
    Optional<Address> source = source(envelope);
    long envelopeTimestamp = envelope.path("timestamp").asLong(0);
    Instant envelopeAt = envelopeTimestamp > 0 ? Instant.ofEpochMilli(envelopeTimestamp) : clock.instant();

    JsonNode exception = root.get("exception");
    if (exception != null && exception.isObject()) {
      // signal-cli puts {"message","type"} next to the envelope when it could not decrypt it; for a contact whose
      // identity key changed the type is UntrustedIdentityException (JsonReceiveMessageHandler / JsonError).
      String type = exception.path("type").asText("");
      if (type.contains("UntrustedIdentity") && source.isPresent()) {
        return new Frame(Kind.IDENTITY, List.of(new IdentityChanged(source.get(), envelopeAt)));
      }
      return Frame.of(Kind.RECEIVE_ERROR);
    }
    if (source.isEmpty()) {
      return Frame.of(Kind.OTHER_IGNORED);
    }

    JsonNode data = envelope.get("dataMessage");
    if (data != null && data.isObject()) {
      return dataMessage(data, source.get(), channelAddress, envelopeTimestamp, envelope);
    }
    JsonNode edit = envelope.get("editMessage");
    if (edit != null && edit.isObject() && edit.path("dataMessage").isObject()) {
      // An edit arrives as a new data message with its own timestamp; the contract has no "edit", so the new
      // text is delivered as a message of its own.
      return dataMessage(edit.get("dataMessage"), source.get(), channelAddress, envelopeTimestamp, envelope);
    }
    JsonNode receipt = envelope.get("receiptMessage");
    if (receipt != null && receipt.isObject()) {
      return receipt(receipt, envelopeAt);
    }
    if (envelope.hasNonNull("typingMessage")) {
      return Frame.of(Kind.TYPING_IGNORED);
    }
    if (envelope.hasNonNull("syncMessage")) {
      return Frame.of(Kind.SYNC_IGNORED);
    }
    return Frame.of(Kind.OTHER_IGNORED);
  }

  private Frame dataMessage(JsonNode data, Address from, Address to, long envelopeTimestamp, JsonNode envelope) {
    if (data.hasNonNull("groupInfo") || data.hasNonNull("groupV2")) {
      return Frame.of(Kind.GROUP_IGNORED);
    }
    long timestamp = data.path("timestamp").asLong(envelopeTimestamp);
    if (timestamp <= 0) {
      timestamp = envelopeTimestamp;
    }
    Instant sentAt = timestamp > 0 ? Instant.ofEpochMilli(timestamp) : clock.instant();
    JsonNode textNode = data.get("message");
    String body = textNode != null && textNode.isTextual() ? textNode.asText() : "";
    List<MediaRef> media = new ArrayList<>();
    JsonNode attachments = data.path("attachments");
    if (attachments.isArray()) {
      for (JsonNode a : attachments) {
        Optional<String> id = text(a, "id");
        // No id means the bridge was told to ignore attachments: nothing to fetch.
        id.ifPresent(value -> media.add(new MediaRef(value, text(a, "contentType"), text(a, "filename"))));
      }
    }
    boolean expirationUpdate = data.path("isExpirationUpdate").asBoolean(false);
    Optional<ExpiryTimerChanged> expiry = Optional.empty();
    JsonNode expires = data.get("expiresInSeconds");
    if (expires != null && expires.canConvertToLong() && expires.asLong() >= 0) {
      expiry = Optional.of(new ExpiryTimerChanged(from, Duration.ofSeconds(expires.asLong()), sentAt));
    }
    if (body.isEmpty() && media.isEmpty()) {
      if (expirationUpdate && expiry.isPresent()) {
        return new Frame(Kind.EXPIRY, List.of(expiry.get()));
      }
      // Reactions, stickers, remote deletes, profile-key updates, payments: nothing for a volunteer to read.
      return Frame.of(Kind.OTHER_IGNORED);
    }
    if (to == null) {
      return Frame.of(Kind.OTHER_ACCOUNT);
    }
    Optional<String> quote = Optional.empty();
    JsonNode quoted = data.get("quote");
    if (quoted != null && quoted.isObject()) {
      quote = text(quoted, "text");
    }
    String id = from.value() + ":" + timestamp;
    InboundMessage message = new InboundMessage(id, from, to, text(envelope, "sourceName"), body, media, sentAt,
        quote);
    List<InboundEvent> events = new ArrayList<>();
    // The timer first: the message it arrives with is already meant to disappear by it.
    expiry.ifPresent(events::add);
    events.add(message);
    return new Frame(Kind.MESSAGE, events);
  }

  private Frame receipt(JsonNode receipt, Instant envelopeAt) {
    DeliveryStatus status;
    if (receipt.path("isRead").asBoolean(false) || receipt.path("isViewed").asBoolean(false)) {
      status = DeliveryStatus.READ;
    } else if (receipt.path("isDelivery").asBoolean(false)) {
      status = DeliveryStatus.DELIVERED;
    } else {
      return Frame.of(Kind.OTHER_IGNORED);
    }
    long when = receipt.path("when").asLong(0);
    Instant at = when > 0 ? Instant.ofEpochMilli(when) : envelopeAt;
    List<InboundEvent> events = new ArrayList<>();
    JsonNode timestamps = receipt.path("timestamps");
    if (timestamps.isArray()) {
      for (JsonNode ts : timestamps) {
        if (ts.canConvertToLong() && ts.asLong() > 0) {
          // The timestamps are those /v2/send answered for our messages: our provider message ids.
          events.add(StatusUpdate.of(String.valueOf(ts.asLong()), status, at));
        }
      }
    }
    return new Frame(events.isEmpty() ? Kind.OTHER_IGNORED : Kind.RECEIPT, events);
  }

  /** The sender: their UUID (stable, and present when the number is hidden), else their number. */
  private static Optional<Address> source(JsonNode envelope) {
    Optional<String> id = text(envelope, "sourceUuid");
    if (id.isEmpty()) {
      id = text(envelope, "sourceNumber");
    }
    if (id.isEmpty()) {
      id = text(envelope, "source");
    }
    return id.filter(v -> v.length() <= 256).map(v -> new Address(Address.SIGNAL, v));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || !value.isValueNode()) {
      return Optional.empty();
    }
    String s = value.asText();
    return s.isBlank() ? Optional.empty() : Optional.of(s);
  }
}
