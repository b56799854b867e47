package org.switchboard.api;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A number or sender in the provider account, as listed for the admin to activate.
 *
 * @param providerRef the provider's id for it (e.g. Twilio {@code PN…} or {@code XE…})
 * @param kinds what it can do, e.g. {@code sms}, {@code mms}, {@code whatsapp}
 * @param inboundWebhook the URL the provider currently posts inbound messages to, if known
 */
public record ProviderNumber(String providerRef, Address address, String label, Set<String> kinds,
    Optional<URI> inboundWebhook) {
  public ProviderNumber {
    Objects.requireNonNull(providerRef, "providerRef");
    Objects.requireNonNull(address, "address");
    label = label == null ? "" : label;
    kinds = Set.copyOf(kinds);
    inboundWebhook = inboundWebhook == null ? Optional.empty() : inboundWebhook;
  }

  @Override
  public String toString() {
    return "ProviderNumber[" + providerRef + ", " + kinds + "]";
  }
}
