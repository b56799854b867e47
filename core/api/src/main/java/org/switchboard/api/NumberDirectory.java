package org.switchboard.api;

import java.net.URI;
import java.util.List;

/** Lists a provider account's numbers and writes our webhook URL into them. */
public interface NumberDirectory {

  /** The account's numbers and senders; throws {@link ChannelException} when the provider refuses. */
  List<ProviderNumber> list(ChannelConfig config) throws ChannelException;

  /**
   * Writes {@code webhookUrl} as the number's inbound URL and reads it back to confirm.
   *
   * @return the number as the provider now reports it
   */
  ProviderNumber setWebhook(ChannelConfig config, ProviderNumber number, URI webhookUrl) throws ChannelException;
}
