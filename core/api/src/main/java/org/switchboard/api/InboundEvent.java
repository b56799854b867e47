package org.switchboard.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Something a provider told us: a message, a delivery status, a consent change, or a safety notice. */
public sealed interface InboundEvent {

  /**
   * A message from a person to the hotline.
   *
   * @param providerMessageId the provider's id, used to drop provider retries
   * @param from the person
   * @param to the hotline's address on this channel (selects the bound number)
   * @param senderName the name the provider gave, if any
   * @param text the text, possibly empty when the message only carries media
   * @param media attachments still to be fetched from the provider
   * @param quote text the person quoted, if any
   */
  record InboundMessage(String providerMessageId, Address from, Address to, Optional<String> senderName, String text,
      List<MediaRef> media, Instant sentAt, Optional<String> quote) implements InboundEvent {
    public InboundMessage {
      requireId(providerMessageId);
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      senderName = senderName == null ? Optional.empty() : senderName.filter(s -> !s.isBlank());
      text = text == null ? "" : text;
      media = List.copyOf(media);
      Objects.requireNonNull(sentAt, "sentAt");
      quote = quote == null ? Optional.empty() : quote;
    }

    @Override
    public String toString() {
      return "InboundMessage[" + text.length() + " chars, " + media.size() + " media]";
    }
  }

  /**
   * A delivery status for a message we sent.
   *
   * @param providerMessageId the id the provider gave when it accepted our message
   * @param providerCode the provider's error code when failed (e.g. Twilio {@code 30003})
   * @param detail the code in words, for the conversation view
   * @param retryable whether a failure is temporary and the server should send again
   */
  record StatusUpdate(String providerMessageId, DeliveryStatus status, Optional<String> providerCode,
      Optional<String> detail, boolean retryable, Instant at) implements InboundEvent {
    public StatusUpdate {
      requireId(providerMessageId);
      Objects.requireNonNull(status, "status");
      providerCode = providerCode == null ? Optional.empty() : providerCode;
      detail = detail == null ? Optional.empty() : detail;
      Objects.requireNonNull(at, "at");
    }

    public static StatusUpdate of(String providerMessageId, DeliveryStatus status, Instant at) {
      return new StatusUpdate(providerMessageId, status, Optional.empty(), Optional.empty(), false, at);
    }

    /** Without the provider's message id, which names a conversation at the provider. */
    @Override
    public String toString() {
      return "StatusUpdate[" + status + providerCode.map(c -> " " + c).orElse("") + "]";
    }
  }

  /** A person opted out of (or back into) messages, by keyword or as the provider reported. */
  record ConsentChange(Address address, boolean optedOut, String how, Instant at) implements InboundEvent {
    public ConsentChange {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(how, "how");
      Objects.requireNonNull(at, "at");
    }
  }

  /** A contact's safety number changed (for example they reinstalled Signal); volunteers should be warned. */
  record IdentityChanged(Address address, Instant at) implements InboundEvent {
    public IdentityChanged {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(at, "at");
    }
  }

  /** A contact set (or cleared, with {@link Duration#ZERO}) a disappearing-messages timer. */
  record ExpiryTimerChanged(Address address, Duration timer, Instant at) implements InboundEvent {
    public ExpiryTimerChanged {
      Objects.requireNonNull(address, "address");
      if (timer == null || timer.isNegative()) {
        throw new IllegalArgumentException("timer must be zero or positive");
      }
      Objects.requireNonNull(at, "at");
    }
  }

  private static void requireId(String id) {
    if (id == null || id.isBlank() || id.length() > 200) {
      throw new IllegalArgumentException("provider message id must be 1 to 200 characters");
    }
  }
}
