package org.switchboard.conversations;

import java.util.Locale;
import org.switchboard.errors.BadInputException;

/** Where a conversation stands in the inbox. */
public enum ConversationStatus {
  OPEN, SNOOZED, CLOSED, ARCHIVED;

  @com.fasterxml.jackson.annotation.JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ConversationStatus parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new BadInputException("status", "status must be open, snoozed, closed or archived");
    }
  }
}
