package org.switchboard.web;

import com.google.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.switchboard.auth.LoginService;
import org.switchboard.auth.SessionService;
import org.switchboard.boot.PublicUrls;
import org.switchboard.errors.AuthenticationException;
import org.switchboard.errors.RateLimitedException;
import org.switchboard.http.Cookies;
import org.switchboard.http.Public;
import org.switchboard.orgs.SetupService;

/** {@code /login} and {@code /logout}: logging in unlocks the org key into the session; logging out wipes it. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public final class LoginPage {
  private final LoginService login;
  private final SessionService sessions;
  private final SetupService setup;
  private final Templates templates;
  private final PageContext pages;
  private final PublicUrls urls;

  @Inject
  LoginPage(LoginService login, SessionService sessions, SetupService setup, Templates templates, PageContext pages,
      PublicUrls urls) {
    this.login = login;
    this.sessions = sessions;
    this.setup = setup;
    this.templates = templates;
    this.pages = pages;
    this.urls = urls;
  }

  @GET
  @Path("login")
  @Public
  public Response form(@Context HttpHeaders headers, @QueryParam("next") String next) {
    if (setup.isOpen()) {
      return Response.seeOther(URI.create("/setup")).build();
    }
    return render(headers, 200, "", "", next);
  }

  @POST
  @Path("login")
  @Public
  public Response submit(@Context HttpHeaders headers, @Context HttpServletRequest request,
      @FormParam("email") String email, @FormParam("password") String password, @FormParam("form") String form,
      @FormParam("next") String next) {
    PreSessionCsrf.check(headers, form);
    SessionService.Started started;
    try {
      started = login.login(email, password, request.getRemoteAddr());
    } catch (AuthenticationException | RateLimitedException e) {
      return render(headers, e instanceof RateLimitedException ? 429 : 401, email, pages.reason(headers, e), next);
    }
    return Response.seeOther(URI.create(safeNext(next)))
        .cookie(Cookies.session(started.cookieValue(), urls.isHttps()), PreSessionCsrf.clear(urls.isHttps()))
        .build();
  }

  @POST
  @Path("logout")
  public Response logout(@Context HttpHeaders headers) {
    Cookie cookie = headers.getCookies().get(Cookies.SESSION);
    if (cookie != null) {
      sessions.end(cookie.getValue());
    }
    return Response.seeOther(URI.create("/login"))
        .cookie(Cookies.expire(Cookies.SESSION, "/", urls.isHttps())).build();
  }

  private Response render(HttpHeaders headers, int status, String email, String error, String next) {
    String token = PreSessionCsrf.token(headers);
    Map<String, Object> scope = pages.scope(headers, Optional.empty(), Optional.empty(), "login", "login.title");
    scope.put("form", token);
    scope.put("email", email == null ? "" : email);
    scope.put("error", error);
    scope.put("next", safeNext(next));
    Response page = templates.page(status, "login", scope);
    return Response.fromResponse(page).cookie(PreSessionCsrf.cookie(token, urls.isHttps())).build();
  }

  /** Only local paths, so the login form cannot be used to redirect elsewhere. */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
        || next.startsWith("/login") || next.startsWith("/logout")) {
      return "/";
    }
    return next;
  }
}
