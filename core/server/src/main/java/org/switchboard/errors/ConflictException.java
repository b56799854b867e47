package org.switchboard.errors;

/** The request clashes with the current state (number already bound, contact opted out); answered 409. */
public class ConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }
}
