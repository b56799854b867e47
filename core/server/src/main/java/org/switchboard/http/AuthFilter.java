package org.switchboard.http;

import com.google.inject.Inject;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import org.glassfish.jersey.server.ContainerRequest;
import org.switchboard.auth.Caller;
import org.switchboard.auth.SessionService;
import org.switchboard.auth.TokenService;
import org.switchboard.crypto.Crypto;
import org.switchboard.errors.AuthenticationException;
import org.switchboard.errors.PermissionDeniedException;

/**
 * Resolves who is calling — a browser session (cookie) or an API token (bearer) — before any resource runs, and
 * refuses anonymous calls to anything not marked {@link Public}. Session callers must send the session's CSRF token
 * with every state-changing request (form field {@code csrf}, query parameter {@code csrf} for uploads, or header
 * {@code X-CSRF-Token}). Keys unlocked for one token request are wiped when the answer is sent.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter, ContainerResponseFilter {
  public static final String CSRF_PROPERTY = "switchboard.csrf";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  @Context
  private ResourceInfo resource;

  private final SessionService sessions;
  private final TokenService tokens;

  @Inject
  AuthFilter(SessionService sessions, TokenService tokens) {
    this.sessions = sessions;
    this.tokens = tokens;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    Optional<Caller> caller = Optional.empty();
    String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      caller = tokens.authenticate(authorization.substring(7).trim());
      if (caller.isEmpty()) {
        throw new AuthenticationException("this API token is not valid (revoked, or mistyped)");
      }
    } else {
      Cookie cookie = request.getCookies().get(Cookies.SESSION);
      if (cookie != null) {
        var session = sessions.find(cookie.getValue());
        if (session.isPresent()) {
          caller = Optional.of(session.get().caller());
          request.setProperty(CSRF_PROPERTY, session.get().csrfToken());
          if (!SAFE.contains(request.getMethod()) && !isPublic()) {
            checkCsrf(request, session.get().csrfToken());
          }
        }
      }
    }
    if (caller.isEmpty()) {
      if (!isPublic()) {
        throw new AuthenticationException("log in first, or send an API token as 'Authorization: Bearer …'");
      }
      return;
    }
    Caller who = caller.get();
    boolean secure = request.getSecurityContext().isSecure();
    request.setSecurityContext(new SecurityContext() {
      @Override
      public Principal getUserPrincipal() {
        return who;
      }

      @Override
      public boolean isUserInRole(String role) {
        return who.role().id().equals(role);
      }

      @Override
      public boolean isSecure() {
        return secure;
      }

      @Override
      public String getAuthenticationScheme() {
        return who.via() == Caller.Via.TOKEN ? "Bearer" : FORM_AUTH;
      }
    });
  }

  private static void checkCsrf(ContainerRequestContext request, String expected) {
    String given = request.getHeaderString("X-CSRF-Token");
    if (given == null) {
      given = request.getUriInfo().getQueryParameters().getFirst("csrf");
    }
    if (given == null && request.getMediaType() != null
        && request.getMediaType().isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
        && request instanceof ContainerRequest jersey) {
      jersey.bufferEntity();
      Form form = jersey.readEntity(Form.class);
      given = form.asMap().getFirst("csrf");
    }
    if (given == null || !Crypto.get().constantTimeEquals(given, expected)) {
      throw new PermissionDeniedException("this form has expired or did not come from this site; reload the page"
          + " and try again");
    }
  }

  private boolean isPublic() {
    if (resource == null || resource.getResourceMethod() == null) {
      return true;
    }
    return resource.getResourceMethod().isAnnotationPresent(Public.class)
        || resource.getResourceClass().isAnnotationPresent(Public.class);
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    SecurityContext context = request.getSecurityContext();
    if (context != null && context.getUserPrincipal() instanceof Caller caller
        && caller.via() == Caller.Via.TOKEN) {
      caller.keys().close();
    }
  }

  /** The caller of the current request; fails with 401 if anonymous. */
  public static Caller caller(SecurityContext context) {
    if (context != null && context.getUserPrincipal() instanceof Caller caller) {
      return caller;
    }
    throw new AuthenticationException("log in first");
  }

  /** The caller if there is one. */
  public static Optional<Caller> optionalCaller(SecurityContext context) {
    return context != null && context.getUserPrincipal() instanceof Caller caller ? Optional.of(caller)
        : Optional.empty();
  }
}
