package org.switchboard.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

/**
 * Renders an error for people using the browser UI. The web module binds one that draws the page with the site's
 * templates in the reader's language; without it, errors are plain text.
 */
public interface ErrorPages {
  /**
   * A full HTML response for {@code status}, or {@code null} to fall back to JSON. {@code key} and {@code args}, when
   * present, say {@code message} in the page's language.
   */
  Response render(int status, String message, Optional<String> key, List<Object> args, String path,
      HttpHeaders headers);
}
