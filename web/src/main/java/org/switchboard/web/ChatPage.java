package org.switchboard.web;

import com.google.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.boot.PublicUrls;
import org.switchboard.errors.BadInputException;
import org.switchboard.errors.PermissionDeniedException;
import org.switchboard.errors.RateLimitedException;
import org.switchboard.events.LiveStreams;
import org.switchboard.http.Cookies;
import org.switchboard.http.Public;
import org.switchboard.http.SecurityHeadersFilter;
import org.switchboard.webchat.Visitor;
import org.switchboard.webchat.WebChatService;

/**
 * The public web chat page ({@code /chat/{token}}): anyone can write without an account. The visitor's random key
 * lives in a cookie scoped to this page; replies arrive live (server-sent events) or on reload without JavaScript.
 */
@Path("/chat/{token}")
@Public
public final class ChatPage {
  private static final String COOKIE = "sb_visitor";
  private static final Duration COOKIE_LIFETIME = Duration.ofDays(30);

  private final WebChatService chat;
  private final LiveStreams streams;
  private final Templates templates;
  private final PageContext pages;
  private final PublicUrls urls;

  @Inject
  ChatPage(WebChatService chat, LiveStreams streams, Templates templates, PageContext pages, PublicUrls urls) {
    this.chat = chat;
    this.streams = streams;
    this.templates = templates;
    this.pages = pages;
    this.urls = urls;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Response page(@PathParam("token") String token, @Context HttpHeaders headers,
      @Context ContainerRequestContext request) {
    return render(token, headers, request, 200, "", "");
  }

  @POST
  @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
  public Response post(@PathParam("token") String token, @Context HttpHeaders headers,
      @Context ContainerRequestContext request, @Context HttpServletRequest servlet, @FormParam("text") String text,
      @FormParam("form") String form, @FormParam("nonce") String nonce) {
    Visitor visitor = visitor(headers).orElseThrow(
        () -> new PermissionDeniedException("your browser did not keep this page's cookie; reload and try again")
            .withKey("chat.error.noCookie"));
    try {
      chat.post(token, visitor, form, text, nonce, servlet.getRemoteAddr());
    } catch (BadInputException | RateLimitedException e) {
      if (wantsJson(headers)) {
        // The page's script shows this message as it is: in the visitor's language, like the rest of the page.
        Response.ResponseBuilder answer = Response.status(e instanceof RateLimitedException ? 429 : 400)
            .type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of(
                "error", e instanceof RateLimitedException ? "rate_limited" : "bad_input",
                "message", pages.reason(headers, e),
                "field", e instanceof BadInputException bad ? bad.field() : ""));
        if (e instanceof RateLimitedException limited) {
          answer.header("Retry-After", Math.max(1, limited.retryAfter().toSeconds()));
        }
        return answer.build();
      }
      return render(token, headers, request, e instanceof RateLimitedException ? 429 : 400, pages.reason(headers, e),
          text == null ? "" : text);
    }
    if (wantsJson(headers)) {
      return Response.noContent().build();
    }
    return Response.seeOther(URI.create("/chat/" + token + "#latest")).build();
  }

  @GET
  @Path("transcript")
  @Produces(MediaType.TEXT_HTML)
  public Response transcript(@PathParam("token") String token, @Context HttpHeaders headers,
      @Context ContainerRequestContext request) {
    Map<String, Object> scope = pages.scope(headers, Optional.empty(), Optional.empty(), "chat", "chat.title");
    scope.put("lines", lines(token, visitor(headers)));
    frame(request, token);
    return templates.page("chat-transcript", scope);
  }

  @GET
  @Path("events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void events(@PathParam("token") String token, @Context HttpHeaders headers,
      @Context HttpServletRequest servlet, @Context SseEventSink sink, @Context Sse sse) {
    Visitor visitor = visitor(headers).orElseThrow(() -> new PermissionDeniedException("no chat cookie"));
    streams.openVisitorStream(sink, sse, servlet.getRemoteAddr(), visitor.id(),
        listener -> chat.follow(token, visitor, listener));
  }

  private Response render(String token, HttpHeaders headers, ContainerRequestContext request, int status,
      String error, String draft) {
    WebChatService.ChatPage page = chat.page(token);
    Optional<Visitor> existing = visitor(headers);
    Visitor visitor = existing.orElseGet(Visitor::create);
    Map<String, Object> scope = pages.scope(headers, Optional.empty(), Optional.empty(), "chat", "chat.title");
    scope.put("title", page.title());
    scope.put("org", page.orgName());
    scope.put("welcome", page.welcome());
    scope.put("token", token);
    scope.put("form", visitor.formToken());
    scope.put("nonce", UUID.randomUUID().toString().replace("-", ""));
    scope.put("lines", lines(token, existing));
    scope.put("error", error);
    scope.put("draft", draft);
    scope.put("maxLength", org.switchboard.webchat.WebChatChannel.MAX_TEXT);
    if (!page.embedOrigins().isEmpty()) {
      request.setProperty(SecurityHeadersFilter.FRAME_ANCESTORS_PROPERTY, String.join(" ", page.embedOrigins()));
    }
    NewCookie cookie = Cookies.scoped(COOKIE, visitor.cookieValue(), "/chat/" + token, COOKIE_LIFETIME,
        urls.isHttps());
    return Response.fromResponse(templates.page(status, "chat", scope)).cookie(cookie).build();
  }

  private void frame(ContainerRequestContext request, String token) {
    List<String> origins = chat.page(token).embedOrigins();
    if (!origins.isEmpty()) {
      request.setProperty(SecurityHeadersFilter.FRAME_ANCESTORS_PROPERTY, String.join(" ", origins));
    }
  }

  private List<Map<String, Object>> lines(String token, Optional<Visitor> visitor) {
    List<Map<String, Object>> lines = new ArrayList<>();
    if (visitor.isEmpty()) {
      return lines;
    }
    for (WebChatService.Line line : chat.transcript(token, visitor.get())) {
      Map<String, Object> row = new HashMap<>();
      row.put("id", line.id());
      row.put("mine", line.fromVisitor());
      row.put("text", line.text());
      row.put("iso", line.at().toString());
      lines.add(row);
    }
    if (!lines.isEmpty()) {
      lines.get(lines.size() - 1).put("latest", true);
    }
    return lines;
  }

  private static Optional<Visitor> visitor(HttpHeaders headers) {
    Cookie cookie = headers.getCookies().get(COOKIE);
    return cookie == null ? Optional.empty() : Visitor.fromCookie(cookie.getValue());
  }

  private static boolean wantsJson(HttpHeaders headers) {
    return headers.getAcceptableMediaTypes().stream().anyMatch(m -> m.getSubtype().equals("json"));
  }
}
