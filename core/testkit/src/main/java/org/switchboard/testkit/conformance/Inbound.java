package org.switchboard.testkit.conformance;

import java.util.Objects;
import org.switchboard.api.Address;

/**
 * An inbound text message the conformance kit asks the provider to deliver: from a person to one of the hotline's
 * numbers. {@code serial} is unique in a run and the same for the same message, so a plugin derives the provider's
 * message id from it (delivering one {@code Inbound} twice is a provider retry).
 */
public record Inbound(int serial, Address from, Address to, String text) {
  public Inbound {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(text, "text");
  }

  @Override
  public String toString() {
    return "Inbound[" + serial + "]";
  }
}
