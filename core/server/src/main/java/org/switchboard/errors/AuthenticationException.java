package org.switchboard.errors;

/** No valid session or token, or wrong credentials; answered 401 (the UI redirects to the login page). */
public class AuthenticationException extends ReasonedException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message) {
    super(message);
  }
}
