package org.switchboard.testkit.conformance;

import java.util.Objects;
import org.switchboard.api.DeliveryStatus;

/**
 * One row of a channel's status table: what the provider reports (in the plugin's own words, e.g. Twilio's
 * {@code delivered} or {@code undelivered:30003}) and the status the message must show afterwards.
 */
public record StatusCase(String providerStatus, DeliveryStatus expected) {
  public StatusCase {
    Objects.requireNonNull(providerStatus, "providerStatus");
    Objects.requireNonNull(expected, "expected");
  }

  public static StatusCase of(String providerStatus, DeliveryStatus expected) {
    return new StatusCase(providerStatus, expected);
  }

  @Override
  public String toString() {
    return providerStatus + " → " + expected;
  }
}
