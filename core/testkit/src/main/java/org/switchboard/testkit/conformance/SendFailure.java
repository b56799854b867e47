package org.switchboard.testkit.conformance;

import java.util.Objects;
import java.util.function.Consumer;
import org.switchboard.api.Address;
import org.switchboard.api.FailureKind;

/**
 * One row of a channel's send-failure table: a label, the {@link FailureKind} the channel must report, and how to
 * script the fake so that every send to a given person fails that way (for example an HTTP 429, a 21610 body, or a
 * dropped connection). Each row gets its own person, so rows run side by side.
 */
public record SendFailure(String label, FailureKind expected, Consumer<Address> arrange) {
  public SendFailure {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(arrange, "arrange");
  }

  public static SendFailure of(String label, FailureKind expected, Consumer<Address> arrange) {
    return new SendFailure(label, expected, arrange);
  }

  @Override
  public String toString() {
    return label + " → " + expected;
  }
}
