package org.switchboard.web;

import com.google.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.switchboard.auth.LoginService;
import org.switchboard.auth.SessionService;
import org.switchboard.boot.PublicUrls;
import org.switchboard.errors.AuthenticationException;
import org.switchboard.errors.BadInputException;
import org.switchboard.errors.ConflictException;
import org.switchboard.errors.RateLimitedException;
import org.switchboard.http.Cookies;
import org.switchboard.http.Public;
import org.switchboard.orgs.OrgService;
import org.switchboard.orgs.SetupService;

/**
 * {@code /setup}: first-run setup with the one-time code from the console — organization, time zone, owner — then
 * the recovery code, shown once, which the owner must confirm they saved before going on.
 */
@Path("/setup")
@Produces(MediaType.TEXT_HTML)
@Public
public final class SetupPage {
  private final SetupService setup;
  private final LoginService login;
  private final Templates templates;
  private final PageContext pages;
  private final PublicUrls urls;

  @Inject
  SetupPage(SetupService setup, LoginService login, Templates templates, PageContext pages, PublicUrls urls) {
    this.setup = setup;
    this.login = login;
    this.templates = templates;
    this.pages = pages;
    this.urls = urls;
  }

  @GET
  public Response form(@Context HttpHeaders headers) {
    if (!setup.isOpen()) {
      return Response.seeOther(URI.create("/login")).build();
    }
    return render(headers, 200, Map.of(), "", "");
  }

  @POST
  public Response submit(@Context HttpHeaders headers, @Context HttpServletRequest request,
      @FormParam("form") String form, @FormParam("code") String code, @FormParam("org") String org,
      @FormParam("timezone") String timezone, @FormParam("name") String name, @FormParam("email") String email,
      @FormParam("password") String password, @FormParam("password2") String password2) {
    PreSessionCsrf.check(headers, form);
    Map<String, String> values = Map.of("org", nz(org), "timezone", nz(timezone), "name", nz(name), "email", nz(email));
    if (password == null || !password.equals(password2)) {
      return render(headers, 400, values, "password2", pages.text(headers, "setup.passwordsDiffer"));
    }
    OrgService.Created created;
    try {
      created = setup.complete(code, org, timezone, email, name, password);
    } catch (BadInputException e) {
      return render(headers, 400, values, e.field(), pages.reason(headers, e));
    } catch (AuthenticationException | RateLimitedException e) {
      return render(headers, e instanceof RateLimitedException ? 429 : 401, values, "code", pages.reason(headers, e));
    } catch (ConflictException e) {
      return Response.seeOther(URI.create("/login")).build();
    }
    SessionService.Started session = login.login(email, password, request.getRemoteAddr());
    Map<String, Object> scope = pages.scope(headers, Optional.empty(), Optional.empty(), "setup", "setup.doneTitle");
    scope.put("recoveryCode", created.recoveryCode());
    scope.put("csrf", session.csrfToken());
    return Response.fromResponse(templates.page("setup-done", scope))
        .cookie(Cookies.session(session.cookieValue(), urls.isHttps()), PreSessionCsrf.clear(urls.isHttps()))
        .header("Cache-Control", "no-store").build();
  }

  private Response render(HttpHeaders headers, int status, Map<String, String> values, String field, String error) {
    String token = PreSessionCsrf.token(headers);
    Map<String, Object> scope = pages.scope(headers, Optional.empty(), Optional.empty(), "setup", "setup.title");
    scope.put("form", token);
    scope.put("values", values);
    scope.put("error", error);
    scope.put("errorField", field);
    scope.put("timezones", ZoneId.getAvailableZoneIds().stream().filter(z -> z.contains("/") && !z.startsWith("Etc"))
        .sorted().map(z -> Map.of("id", z, "selected", z.equals(values.getOrDefault("timezone", "UTC")))).toList());
    return Response.fromResponse(templates.page(status, "setup", scope))
        .cookie(PreSessionCsrf.cookie(token, urls.isHttps())).build();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
