package org.switchboard.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one channel number accepts: text length, media count and size, the send rate per number the provider
 * allows, and — for channels such as WhatsApp — how long after a person's last message free text may still be sent
 * (the customer-service window; outside it only an approved template may go). The server checks outbound messages
 * against these before queueing, with a clear message.
 *
 * @param replyWindow how long after the person's last inbound message free text is allowed; empty when always
 */
public record ChannelLimits(int maxTextLength, int maxMedia, long maxMediaBytes, double sendsPerSecond,
    Optional<Duration> replyWindow) {
  public ChannelLimits {
    if (maxTextLength <= 0 || maxMedia < 0 || maxMediaBytes < 0 || sendsPerSecond <= 0) {
      throw new IllegalArgumentException("channel limits must be positive");
    }
    replyWindow = replyWindow == null ? Optional.empty() : replyWindow;
    if (replyWindow.isPresent() && (replyWindow.get().isZero() || replyWindow.get().isNegative())) {
      throw new IllegalArgumentException("a reply window must be positive");
    }
  }

  /** Limits without a reply window (SMS, Signal, web chat). */
  public ChannelLimits(int maxTextLength, int maxMedia, long maxMediaBytes, double sendsPerSecond) {
    this(maxTextLength, maxMedia, maxMediaBytes, sendsPerSecond, Optional.empty());
  }

  /** SMS over most providers: 1600 characters (10 segments), 1 message/s per long code. */
  public static final ChannelLimits SMS = new ChannelLimits(1600, 0, 0, 1.0);

  /** The same limits with a customer-service reply window (e.g. WhatsApp's 24 hours). */
  public ChannelLimits withReplyWindow(Duration window) {
    return new ChannelLimits(maxTextLength, maxMedia, maxMediaBytes, sendsPerSecond,
        Optional.of(Objects.requireNonNull(window, "window")));
  }

  /**
   * Whether free text may be sent at {@code now} to a person who last wrote at {@code lastInboundAt}: always
   * without a window; with one, only while it is open. An unknown last inbound time counts as open, since the
   * provider still refuses what is too late.
   */
  public boolean replyWindowOpen(Optional<Instant> lastInboundAt, Instant now) {
    if (replyWindow.isEmpty() || lastInboundAt == null || lastInboundAt.isEmpty()) {
      return true;
    }
    return now.isBefore(lastInboundAt.get().plus(replyWindow.get()));
  }
}
