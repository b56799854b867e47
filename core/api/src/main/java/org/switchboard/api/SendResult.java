package org.switchboard.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What the provider said to a send: accepted with its id, or failed with a kind from a closed set. */
public sealed interface SendResult {

  /** The provider took the message; the server never sends it again. */
  record Accepted(String providerMessageId, DeliveryStatus status) implements SendResult {
    public Accepted {
      Objects.requireNonNull(providerMessageId, "providerMessageId");
      Objects.requireNonNull(status, "status");
    }

    /** Without the provider's message id, which names a conversation at the provider. */
    @Override
    public String toString() {
      return "Accepted[" + status + "]";
    }
  }

  /**
   * The send failed.
   *
   * @param providerCode the provider's error code, when it gave one
   * @param reason the failure in words, safe to show (no personal data, no secrets)
   * @param retryAfter when the provider said how long to wait
   */
  record Failed(FailureKind kind, Optional<String> providerCode, String reason, Optional<Duration> retryAfter)
      implements SendResult {
    public Failed {
      Objects.requireNonNull(kind, "kind");
      providerCode = providerCode == null ? Optional.empty() : providerCode;
      Objects.requireNonNull(reason, "reason");
      retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
    }

    public boolean retryable() {
      return kind.retryable();
    }
  }

  static Accepted accepted(String providerMessageId) {
    return new Accepted(providerMessageId, DeliveryStatus.SENT);
  }

  static Failed failed(FailureKind kind, String reason) {
    return new Failed(kind, Optional.empty(), reason, Optional.empty());
  }

  static Failed failed(FailureKind kind, String providerCode, String reason) {
    return new Failed(kind, Optional.ofNullable(providerCode), reason, Optional.empty());
  }
}
