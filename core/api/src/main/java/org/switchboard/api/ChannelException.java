package org.switchboard.api;

import java.util.Objects;

/**
 * A provider call outside sending failed (listing numbers, setting a webhook); the message is shown to the admin,
 * so it names what failed and never carries secrets or personal data.
 */
public class ChannelException extends Exception {
  private static final long serialVersionUID = 1L;
  private final FailureKind kind;

  public ChannelException(FailureKind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public ChannelException(FailureKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public FailureKind kind() {
    return kind;
  }
}
