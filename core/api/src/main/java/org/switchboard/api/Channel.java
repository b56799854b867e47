package org.switchboard.api;

import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * A messaging channel (Twilio, Signal, web chat, ...): the one contract between a plugin and the server.
 *
 * <p>Implementations are pf4j extensions ({@code @Extension}) created by the server; their constructor may
 * {@code @Inject} only what the server exports: {@link HttpTransport}, {@link java.time.Clock} and an
 * {@link org.slf4j.Logger}. Everything else a call needs comes in its arguments.
 *
 * <p>Rules: verify a webhook before reading it; return values, never store; never log message text, addresses or
 * secrets; throw only for bugs.
 */
public interface Channel extends ExtensionPoint {

  /** The channel type, its settings and capabilities. */
  ChannelDescriptor descriptor();

  /**
   * Verifies a webhook request (signature first), then turns it into events. An unverified request must be
   * {@link InboundResult.Rejected rejected} without looking at its content.
   */
  InboundResult receive(InboundRequest request, ChannelConfig config);

  /** Sends one message; the server queues, rate-limits and retries around this call. */
  SendResult send(OutboundMessage message, ChannelConfig config);

  /** Tests the settings against the provider ("Test connection"). */
  Health check(ChannelConfig config);

  /** Limits for one of this connector's numbers. */
  default ChannelLimits limits(Address channelAddress) {
    return ChannelLimits.SMS;
  }

  /** Downloads an inbound attachment, at most {@code maxBytes}. */
  default MediaFetch fetchMedia(MediaRef media, ChannelConfig config, long maxBytes) {
    return new MediaFetch.Failed(FailureKind.CONFIG, "this channel does not carry media");
  }

  /** The provider's numbers and webhook settings, when the channel can list them. */
  default Optional<NumberDirectory> numbers() {
    return Optional.empty();
  }

  /** The provider's message templates, when the channel sends them ({@link ChannelDescriptor.Capability#TEMPLATES}). */
  default Optional<TemplateDirectory> templates() {
    return Optional.empty();
  }

  /** The receive loop, when inbound arrives over a connection the server keeps open. */
  default Optional<InboundStream> stream() {
    return Optional.empty();
  }

  /** Linking the account as a secondary device by QR code, when the channel works that way. */
  default Optional<DeviceLinking> deviceLinking() {
    return Optional.empty();
  }
}
