package org.switchboard.api;

import java.util.Objects;
import java.util.Optional;

/**
 * An attachment the provider holds, to be fetched after the webhook is acknowledged ({@link Channel#fetchMedia}).
 *
 * @param reference the provider's URL or id; kept encrypted until fetched
 */
public record MediaRef(String reference, Optional<String> contentType, Optional<String> filename) {
  public MediaRef {
    Objects.requireNonNull(reference, "media reference");
    contentType = contentType == null ? Optional.empty() : contentType.filter(s -> !s.isBlank());
    filename = filename == null ? Optional.empty() : filename.filter(s -> !s.isBlank());
  }

  public static MediaRef of(String reference, String contentType) {
    return new MediaRef(reference, Optional.ofNullable(contentType), Optional.empty());
  }

  @Override
  public String toString() {
    return "MediaRef[" + contentType.orElse("?") + "]";
  }
}
