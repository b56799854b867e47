package org.switchboard.http;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import org.switchboard.errors.ReasonedException;

/** Builds error answers: JSON for the API and scripts, an HTML page for browsers on UI paths. */
@Singleton
public final class Errors {
  private final Optional<ErrorPages> pages;

  @Inject
  Errors(Optional<ErrorPages> pages) {
    this.pages = pages;
  }

  public Response build(int status, String code, String message, String field, HttpHeaders headers, UriInfo uri) {
    return build(status, code, message, Optional.empty(), List.of(), field, headers, uri);
  }

  /** As {@link #build(int, String, String, String, HttpHeaders, UriInfo)}, the page saying a keyed reason. */
  public Response build(int status, String code, ReasonedException reason, String field, HttpHeaders headers,
      UriInfo uri) {
    return build(status, code, reason.getMessage(), reason.key(), reason.args(), field, headers, uri);
  }

  private Response build(int status, String code, String message, Optional<String> key, List<Object> args,
      String field, HttpHeaders headers, UriInfo uri) {
    String path = uri == null ? "" : "/" + uri.getPath();
    boolean api = path.startsWith("/api/") || path.startsWith("/hooks/") || path.equals("/healthz");
    boolean wantsHtml = headers != null && headers.getAcceptableMediaTypes().stream()
        .anyMatch(m -> m.isCompatible(MediaType.TEXT_HTML_TYPE) && !m.isWildcardType());
    if (!api && wantsHtml && pages.isPresent()) {
      Response page = pages.get().render(status, message, key, args, path, headers);
      if (page != null) {
        return page;
      }
    }
    if (path.startsWith("/hooks/")) {
      return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).entity(message + "\n")
          .build();
    }
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(code, message, field == null ? "" : field)).build();
  }
}
