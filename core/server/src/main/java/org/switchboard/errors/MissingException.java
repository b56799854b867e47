package org.switchboard.errors;

/** An id that does not exist, or belongs to another organization (both look the same: 404). */
public class MissingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MissingException(String what) {
    super(what + " not found");
  }
}
