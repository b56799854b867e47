package org.switchboard.errors;

/** The caller sent something we will not store (empty, too long, malformed); answered 400 with the reason. */
public class BadInputException extends ReasonedException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public BadInputException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The input field at fault, for forms and API clients; may be empty. */
  public String field() {
    return field == null ? "" : field;
  }
}
