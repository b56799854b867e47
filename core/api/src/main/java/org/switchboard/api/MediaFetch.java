package org.switchboard.api;

import java.util.Objects;
import java.util.Optional;

/** The outcome of downloading an inbound attachment from the provider. */
public sealed interface MediaFetch {
  /** The attachment's bytes, ready to be sealed. */
  record Fetched(byte[] data, String contentType, Optional<String> filename) implements MediaFetch {
    public Fetched {
      Objects.requireNonNull(data, "data");
      contentType = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
      filename = filename == null ? Optional.empty() : filename;
    }
  }

  /** The download failed; retryable failures are tried again a bounded number of times. */
  record Failed(FailureKind kind, String reason) implements MediaFetch {
    public Failed {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reason, "reason");
    }

    public boolean retryable() {
      return kind.retryable();
    }
  }
}
