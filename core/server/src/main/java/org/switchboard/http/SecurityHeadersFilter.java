package org.switchboard.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Security headers on every answer: a CSP without inline script, no framing (the chat page may name sites allowed
 * to embed it), no sniffing, no referrer, and no caching of anything personal.
 */
public final class SecurityHeadersFilter implements ContainerResponseFilter {
  public static final String FRAME_ANCESTORS_PROPERTY = "switchboard.frameAncestors";

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    MultivaluedMap<String, Object> headers = response.getHeaders();
    Object ancestors = request.getProperty(FRAME_ANCESTORS_PROPERTY);
    String frameAncestors = ancestors == null ? "'none'" : ancestors.toString();
    headers.putSingle("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
        + "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors " + frameAncestors);
    if (ancestors == null) {
      headers.putSingle("X-Frame-Options", "DENY");
    }
    headers.putSingle("X-Content-Type-Options", "nosniff");
    headers.putSingle("Referrer-Policy", "no-referrer");
    headers.putSingle("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    headers.putSingle("Cross-Origin-Opener-Policy", "same-origin");
    if (!headers.containsKey("Cache-Control")) {
      headers.putSingle("Cache-Control", "no-store");
    }
    if (request.getSecurityContext() != null && request.getSecurityContext().isSecure()) {
      headers.putSingle("Strict-Transport-Security", "max-age=31536000");
    }
  }
}
