package org.switchboard.api;

/**
 * A channel whose inbound messages arrive over a connection the server keeps open (a websocket, or polling), rather
 * than through webhooks. The server opens one subscription per active number and closes it on shutdown.
 */
public interface InboundStream {

  /** Starts receiving for {@code channelAddress}; reconnects on its own with bounded backoff until closed. */
  Subscription open(ChannelConfig config, Address channelAddress, InboundSink sink);

  /** A running receive loop. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
