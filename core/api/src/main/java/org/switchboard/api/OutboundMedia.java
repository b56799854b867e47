package org.switchboard.api;

import java.net.URI;
import java.util.Objects;

/**
 * An attachment to send. Providers that upload take {@link #data()}; providers that fetch by URL (Twilio MMS) take
 * {@link #publicUrl()}, an unguessable link the server serves until the message is delivered.
 */
public record OutboundMedia(String contentType, String filename, byte[] data, URI publicUrl) {
  public OutboundMedia {
    Objects.requireNonNull(contentType, "contentType");
    filename = filename == null || filename.isBlank() ? "attachment" : filename;
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(publicUrl, "publicUrl");
  }

  @Override
  public String toString() {
    return "OutboundMedia[" + contentType + ", " + data.length + " bytes]";
  }
}
