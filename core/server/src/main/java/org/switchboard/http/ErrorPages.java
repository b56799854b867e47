package org.switchboard.http;

import jakarta.ws.rs.core.Response;

/**
 * Renders an error for people using the browser UI. The web module binds one that draws the page with the site's
 * templates; without it, errors are plain text.
 */
public interface ErrorPages {
  /** A full HTML response for {@code status}, or {@code null} to fall back to JSON. */
  Response render(int status, String message, String path);
}
