package org.switchboard.api;

/**
 * What one channel number accepts: text length, media count and size, and the send rate per number the provider
 * allows. The server checks outbound messages against these before queueing, with a clear message.
 */
public record ChannelLimits(int maxTextLength, int maxMedia, long maxMediaBytes, double sendsPerSecond) {
  public ChannelLimits {
    if (maxTextLength <= 0 || maxMedia < 0 || maxMediaBytes < 0 || sendsPerSecond <= 0) {
      throw new IllegalArgumentException("channel limits must be positive");
    }
  }

  /** SMS over most providers: 1600 characters (10 segments), 1 message/s per long code. */
  public static final ChannelLimits SMS = new ChannelLimits(1600, 0, 0, 1.0);
}
