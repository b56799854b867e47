package org.switchboard.api;

import java.util.List;

/**
 * Lists the message templates a hotline number may send (WhatsApp templates; Twilio Content templates). Templates
 * are what a channel with a reply window ({@link ChannelLimits#replyWindow()}) offers once the window closed.
 */
public interface TemplateDirectory {

  /**
   * The templates {@code channelAddress} can send, approved or not (the caller shows which can be used); throws
   * {@link ChannelException} when the provider refuses. Implementations may cache for a few minutes.
   */
  List<MessageTemplate> list(ChannelConfig config, Address channelAddress) throws ChannelException;
}
