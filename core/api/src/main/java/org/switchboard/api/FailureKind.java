package org.switchboard.api;

/** The closed set of ways a send (or a media download) can fail. */
public enum FailureKind {
  /** Credentials or settings are wrong; an admin must fix the connector. */
  CONFIG(false),
  /** The provider could not be reached or timed out; tried again later. */
  CONNECTION(true),
  /** The provider asked us to slow down; tried again later. */
  THROTTLED(true),
  /** The provider answered something we could not understand, or a 5xx; tried again later. */
  BAD_RESPONSE(true),
  /** The recipient opted out with the provider; recorded in the consent ledger. */
  OPTED_OUT(false),
  /** The provider refused this message for good (bad number, policy, outside a messaging window). */
  REJECTED(false);

  private final boolean retryable;

  FailureKind(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether a failure of this kind is worth trying again. */
  public boolean retryable() {
    return retryable;
  }
}
