package org.switchboard.conversations;

import java.util.Locale;
import org.switchboard.api.DeliveryStatus;

/** A message's state: received (inbound), queued → sent → delivered → read or failed (outbound), or a note. */
public enum MessageStatus {
  RECEIVED, QUEUED, SENT, DELIVERED, READ, FAILED, NOTE;

  @com.fasterxml.jackson.annotation.JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static MessageStatus parse(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }

  public static MessageStatus of(DeliveryStatus status) {
    return valueOf(status.name());
  }

  /** Whether a status report moves this message forward (reports can arrive late or twice). */
  public boolean advancesTo(MessageStatus next) {
    if (this == FAILED || this == RECEIVED || this == NOTE) {
      return false;
    }
    return next == FAILED || next.ordinal() > ordinal();
  }
}
