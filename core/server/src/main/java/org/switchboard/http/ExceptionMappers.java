package org.switchboard.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.ChannelException;
import org.switchboard.crypto.MasterKey;
import org.switchboard.errors.AuthenticationException;
import org.switchboard.errors.BadInputException;
import org.switchboard.errors.ConflictException;
import org.switchboard.errors.MissingException;
import org.switchboard.errors.PermissionDeniedException;
import org.switchboard.errors.RateLimitedException;
import org.switchboard.errors.ReasonedException;
import org.switchboard.storage.StorageBusyException;
import org.switchboard.storage.StorageException;

/** One mapper per domain exception: each turns a failure into a clear HTTP answer; resources never build errors. */
public final class ExceptionMappers {
  private static final Logger log = LoggerFactory.getLogger(ExceptionMappers.class);

  private ExceptionMappers() {}

  /** All mappers, for registration. */
  public static Class<?>[] all() {
    return new Class<?>[] {BadInput.class, Missing.class, Conflict.class, Denied.class, Unauthenticated.class,
        RateLimited.class, Busy.class, Storage.class, Json.class, ChannelFailure.class, Web.class, Unexpected.class,
        Illegal.class};
  }

  abstract static class Base<E extends Throwable> implements ExceptionMapper<E> {
    @Context
    HttpHeaders headers;
    @Context
    UriInfo uri;
    @Inject
    Errors errors;

    Response error(int status, String code, String message, String field) {
      return errors.build(status, code, message, field, headers, uri);
    }

    Response error(int status, String code, ReasonedException reason, String field) {
      return errors.build(status, code, reason, field, headers, uri);
    }
  }

  /** 400 with the field at fault. */
  public static final class BadInput extends Base<BadInputException> {
    @Override
    public Response toResponse(BadInputException e) {
      return error(400, "bad_input", e, e.field());
    }
  }

  /** 404: unknown ids and other organizations' ids look the same. */
  public static final class Missing extends Base<MissingException> {
    @Override
    public Response toResponse(MissingException e) {
      return error(404, "not_found", e.getMessage(), "");
    }
  }

  /** 409. */
  public static final class Conflict extends Base<ConflictException> {
    @Override
    public Response toResponse(ConflictException e) {
      return error(409, "conflict", e.getMessage(), "");
    }
  }

  /** 403. */
  public static final class Denied extends Base<PermissionDeniedException> {
    @Override
    public Response toResponse(PermissionDeniedException e) {
      return error(403, "forbidden", e, "");
    }
  }

  /** 401 for the API; browsers on UI pages are sent to the login page. */
  public static final class Unauthenticated extends Base<AuthenticationException> {
    @Override
    public Response toResponse(AuthenticationException e) {
      String path = "/" + uri.getPath();
      boolean ui = !path.startsWith("/api/") && !path.startsWith("/hooks/")
          && headers.getAcceptableMediaTypes().stream().anyMatch(m -> "html".equals(m.getSubtype()));
      if (ui && !path.equals("/login") && !path.equals("/setup")) {
        return Response.seeOther(uri.getBaseUriBuilder().path("login").queryParam("next", path).build()).build();
      }
      return error(401, "unauthenticated", e, "");
    }
  }

  /** 429 with Retry-After. */
  public static final class RateLimited extends Base<RateLimitedException> {
    @Override
    public Response toResponse(RateLimitedException e) {
      Response base = error(429, "rate_limited", e, "");
      return Response.fromResponse(base).header("Retry-After", Math.max(1, e.retryAfter().toSeconds())).build();
    }
  }

  /** 503: the writer is saturated; providers retry later, nothing was half-written. */
  public static final class Busy extends Base<StorageBusyException> {
    @Override
    public Response toResponse(StorageBusyException e) {
      Response base = error(503, "busy", e.getMessage(), "");
      return Response.fromResponse(base).header("Retry-After", 5).build();
    }
  }

  /** 503: the database refused the write (disk full?). */
  public static final class Storage extends Base<StorageException> {
    @Override
    public Response toResponse(StorageException e) {
      log.error("storage failure: {}", e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
      return error(503, "storage", "the server could not save this right now; try again shortly", "");
    }
  }

  /** 400 for malformed JSON (the parser's message names the position, never echoes content). */
  public static final class Json extends Base<JsonProcessingException> {
    @Override
    public Response toResponse(JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      return error(400, "malformed_json", "the request body is not valid JSON of the expected shape" + where, "");
    }
  }

  /** 502: the provider refused a settings call (list numbers, set webhook). */
  public static final class ChannelFailure extends Base<ChannelException> {
    @Override
    public Response toResponse(ChannelException e) {
      return error(502, "provider_" + e.kind().name().toLowerCase(), e.getMessage(), "");
    }
  }

  /** JAX-RS's own answers (404 for unknown paths, 405, 415, ...), with our error body. */
  public static final class Web extends Base<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      int status = e.getResponse().getStatus();
      if (status >= 300 && status < 400) {
        return e.getResponse();
      }
      String message = switch (status) {
        case 404 -> "not found";
        case 405 -> "method not allowed";
        case 406 -> "not acceptable";
        case 413 -> "the request is too large";
        case 415 -> "unsupported content type";
        default -> status >= 500 ? "internal error" : "bad request";
      };
      if (status >= 500) {
        log.error("request failed: {}", e.toString());
      }
      return error(status, "http_" + status, message, "");
    }
  }

  /** Bad arguments that escaped validation are still the caller's fault. */
  public static final class Illegal extends Base<IllegalArgumentException> {
    @Override
    public Response toResponse(IllegalArgumentException e) {
      return error(400, "bad_input", e.getMessage() == null ? "bad input" : e.getMessage(), "");
    }
  }

  /**
   * Anything else is our bug: logged with its type, stack and route (no request content), answered without details.
   * The route is the matched template ({@code /hooks/{token}}), never the path: paths hold webhook and chat tokens.
   */
  public static final class Unexpected extends Base<Throwable> {
    @Context
    ExtendedUriInfo route;

    @Override
    public Response toResponse(Throwable e) {
      if (e instanceof MasterKey.MasterKeyException) {
        return error(500, "config", e.getMessage(), "");
      }
      log.error("unexpected failure on {}", route(route), e);
      return error(500, "internal", "something went wrong on the server; the error was logged", "");
    }
  }

  /** The matched route as a template, e.g. {@code /media/out/{token}}. */
  static String route(ExtendedUriInfo uri) {
    if (uri == null || uri.getMatchedTemplates().isEmpty()) {
      return "an unmatched route";
    }
    List<UriTemplate> templates = new ArrayList<>(uri.getMatchedTemplates());
    Collections.reverse(templates);
    String joined = templates.stream().map(UriTemplate::getTemplate).collect(Collectors.joining("/"));
    return ("/" + joined).replaceAll("/{2,}", "/");
  }
}
