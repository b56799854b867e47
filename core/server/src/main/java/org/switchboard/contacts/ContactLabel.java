package org.switchboard.contacts;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.Optional;

/**
 * How a contact is shown: their name or address as it is, or a numbered stand-in ("Web visitor 12") for someone
 * with neither. A stand-in carries its message key so the UI can say it in the reader's language; the API sends
 * the English {@link #text()}. {@link #toString()} leaves the text out: it may be a name or a phone number.
 */
public record ContactLabel(@JsonValue String text, Optional<String> key, long number) {
  /** Message key of a web chat visitor's stand-in, "Web visitor {0}". */
  public static final String WEB_VISITOR = "contact.webVisitor";
  /** Message key of a Signal user whose number is hidden, "Signal user {0}". */
  public static final String SIGNAL_USER = "contact.signalUser";
  /** Message key of a contact with no address left, "Contact {0}". */
  public static final String CONTACT = "contact.numbered";

  public ContactLabel {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(key, "key");
  }

  /** A name or an address, shown as it is. */
  public static ContactLabel of(String text) {
    return new ContactLabel(text, Optional.empty(), 0);
  }

  static ContactLabel standIn(String key, String english, long number) {
    return new ContactLabel(english + " " + number, Optional.of(key), number);
  }

  @Override
  public String toString() {
    return "ContactLabel[" + key.orElse("text") + "]";
  }
}
