package org.switchboard.webchat;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.switchboard.api.Address;
import org.switchboard.api.Channel;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelDescriptor;
import org.switchboard.api.ChannelLimits;
import org.switchboard.api.ConfigField;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.FailureKind;
import org.switchboard.api.Health;
import org.switchboard.api.InboundRequest;
import org.switchboard.api.InboundResult;
import org.switchboard.api.OutboundMessage;
import org.switchboard.api.SendResult;
import org.switchboard.crypto.BlindIndex;
import org.switchboard.crypto.Crypto;
import org.switchboard.events.EventHub;
import org.switchboard.storage.Writer;

/**
 * The built-in web chat channel, on the same contract as plugins. It needs no provider account: "sending" a reply
 * seals it to the visitor's own key and puts it in their transcript, where their open page picks it up live.
 * Visitors write through {@link WebChatService}, not through webhooks.
 */
@Singleton
public class WebChatChannel implements Channel {
  public static final String TYPE = "webchat";
  public static final int MAX_TEXT = 2000;

  private static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(TYPE, "Web chat",
      "A page on this server where anyone can write to the hotline from a browser, without an account.",
      List.of(
          new ConfigField("title", "Page title", ConfigField.Type.TEXT, false,
              "Shown at the top of the chat page.", "Talk to us"),
          new ConfigField("welcome", "Welcome text", ConfigField.Type.TEXT, false,
              "Shown above the message box before the first message.",
              "Write your message below. A volunteer will answer here as soon as possible."),
          new ConfigField("embedOrigins", "Sites allowed to embed the chat", ConfigField.Type.TEXT, false,
              "Space-separated origins (https://example.org) that may show the chat in a frame. Empty: none.", "")),
      Set.of(ChannelDescriptor.Capability.DELIVERY_STATUS));

  private final VisitorStore visitors;
  private final BlindIndex blindIndex;
  private final Writer writer;
  private final EventHub events;
  private final Clock clock;

  @Inject
  WebChatChannel(VisitorStore visitors, BlindIndex blindIndex, Writer writer, EventHub events, Clock clock) {
    this.visitors = visitors;
    this.blindIndex = blindIndex;
    this.writer = writer;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public ChannelDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public InboundResult receive(InboundRequest request, ChannelConfig config) {
    return InboundResult.reject(404, "the web chat has no webhook; visitors write on its chat page");
  }

  @Override
  public SendResult send(OutboundMessage message, ChannelConfig config) {
    if (!Address.WEBCHAT.equals(message.to().scheme())) {
      return SendResult.failed(FailureKind.REJECTED, "not a web chat visitor");
    }
    if (!message.media().isEmpty()) {
      return SendResult.failed(FailureKind.REJECTED, "the web chat does not carry attachments yet");
    }
    Optional<VisitorStore.Row> visitor = visitors.byIndex(visitorIndex(message.to().value()));
    if (visitor.isEmpty()) {
      return SendResult.failed(FailureKind.REJECTED, "this visitor is unknown");
    }
    byte[] sealed = Crypto.get().seal(message.text().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        visitor.get().publicKey());
    Long messageId = parseReference(message.reference());
    long line = writer.write(tx -> visitors.insertLine(tx.dsl(), visitor.get().id(), messageId, "out", sealed,
        clock.instant()));
    events.publishVisitor(visitor.get().id(), "message");
    return new SendResult.Accepted(providerId(line), DeliveryStatus.DELIVERED);
  }

  @Override
  public Health check(ChannelConfig config) {
    return Health.ok("the chat page is served by this server");
  }

  @Override
  public ChannelLimits limits(Address channelAddress) {
    return new ChannelLimits(MAX_TEXT, 0, 0, 50);
  }

  /** The blind index of a visitor id. */
  public byte[] visitorIndex(String visitorId) {
    return blindIndex.of("webchat-visitor", 0, visitorId);
  }

  /** The provider id of a transcript line, as status updates refer to it. */
  public static String providerId(long lineId) {
    return "wc-" + lineId;
  }

  private static Long parseReference(String reference) {
    if (reference != null && reference.startsWith("msg-")) {
      try {
        return Long.parseLong(reference.substring(4));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
