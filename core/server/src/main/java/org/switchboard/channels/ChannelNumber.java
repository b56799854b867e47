package org.switchboard.channels;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.switchboard.api.Address;

/**
 * One activated number (or sender) of a connector, bound to an inbox: where messages arrive and replies leave.
 *
 * @param address the hotline's own address on this number (decrypted from the vault)
 * @param webhookState whether the provider is known to post to our webhook URL for it
 */
public record ChannelNumber(long id, long orgId, long connectorId, Optional<Long> inboxId, Address address,
    String providerRef, String label, Set<String> kinds, boolean active, WebhookState webhookState,
    Instant createdAt) {

  /** Whether the provider posts to our current webhook URL for this number. */
  public enum WebhookState { UNKNOWN, CONFIGURED, MISSING, NOT_NEEDED }

  @Override
  public String toString() {
    return "ChannelNumber[" + id + ", connector " + connectorId + "]";
  }
}
