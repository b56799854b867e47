package org.switchboard.conversations;

import java.util.Locale;

/** Who a message went to: in from the person, out to them, or an internal note (never sent). */
public enum Direction {
  IN, OUT, NOTE;

  @com.fasterxml.jackson.annotation.JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Direction parse(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
