package org.switchboard.errors;

/** The caller is known but their role does not allow this; answered 403. */
public class PermissionDeniedException extends ReasonedException {
  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(String message) {
    super(message);
  }
}
