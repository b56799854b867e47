package org.switchboard.web;

import com.google.inject.Inject;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glassfish.jersey.media.multipart.FormDataBodyPart;
import org.glassfish.jersey.media.multipart.FormDataMultiPart;
import org.switchboard.auth.Caller;
import org.switchboard.conversations.ConversationResource;
import org.switchboard.conversations.ConversationService;
import org.switchboard.conversations.ConversationStatus;
import org.switchboard.conversations.ConversationStore;
import org.switchboard.conversations.ConversationViews;
import org.switchboard.conversations.Direction;
import org.switchboard.conversations.MessageStatus;
import org.switchboard.errors.BadInputException;
import org.switchboard.http.AuthFilter;
import org.switchboard.media.AttachmentMeta;
import org.switchboard.users.User;
import org.switchboard.users.UserService;

/**
 * The inbox pages: the conversation list with its filters, one conversation with its history and reply box, and
 * the form actions on it. Every action is a plain form (works without JavaScript) that redirects back; the page's
 * script swaps in fresh fragments when server-sent events say something changed.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public final class InboxPage {
  private static final long MAX_UPLOAD = 10L * 1024 * 1024;

  private final ConversationService conversations;
  private final UserService users;
  private final Templates templates;
  private final PageContext pages;

  @Inject
  InboxPage(ConversationService conversations, UserService users, Templates templates, PageContext pages) {
    this.conversations = conversations;
    this.users = users;
    this.templates = templates;
    this.pages = pages;
  }

  @GET
  public Response inbox(@Context ContainerRequestContext request, @Context HttpHeaders headers,
      @QueryParam("view") String view, @QueryParam("status") String status, @QueryParam("cursor") String cursor) {
    Caller caller = AuthFilter.caller(request.getSecurityContext());
    Map<String, Object> scope = pages.scope(request, headers, "inbox", "inbox.title");
    scope.putAll(listScope(caller, headers, view, status, cursor, 0));
    return templates.page("inbox", scope);
  }

  @GET
  @Path("inbox/list")
  public Response listFragment(@Context ContainerRequestContext request, @Context HttpHeaders headers,
      @QueryParam("view") String view, @QueryParam("status") String status, @QueryParam("selected") long selected) {
    Caller caller = AuthFilter.caller(request.getSecurityContext());
    Map<String, Object> scope = pages.scope(request, headers, "inbox", "inbox.title");
    scope.putAll(listScope(caller, headers, view, status, null, selected));
    return templates.page("conversation-list", scope);
  }

  /** The header's channel warnings alone, which the page swaps in when a channel goes down or comes back. */
  @GET
  @Path("warnings")
  public Response warningsFragment(@Context ContainerRequestContext request, @Context HttpHeaders headers) {
    return templates.page("warnings", pages.scope(request, headers, "inbox", "inbox.title"));
  }

  @GET
  @Path("c/{id}")
  public Response conversation(@Context ContainerRequestContext request, @Context HttpHeaders headers,
      @PathParam("id") long id, @QueryParam("view") String view, @QueryParam("status") String status) {
    Caller caller = AuthFilter.caller(request.getSecurityContext());
    ConversationViews.Detail detail = conversations.get(caller, id);
    conversations.markRead(caller, id);
    Map<String, Object> scope = pages.scope(request, headers, "conversation", "conversation.title");
    scope.put("title", pages.label(headers, detail.contact().label()));
    scope.putAll(listScope(caller, headers, view, status, null, id));
    scope.put("conversation", conversationScope(caller, detail, headers));
    return templates.page("inbox", scope);
  }

  @GET
  @Path("c/{id}/messages")
  public Response messagesFragment(@Context ContainerRequestContext request, @Context HttpHeaders headers,
      @PathParam("id") long id) {
    Caller caller = AuthFilter.caller(request.getSecurityContext());
    ConversationViews.Detail detail = conversations.get(caller, id);
    conversations.markRead(caller, id);
    Map<String, Object> scope = pages.scope(request, headers, "conversation", "conversation.title");
    scope.put("conversation", conversationScope(caller, detail, headers));
    return templates.page("messages", scope, scope.get("conversation"));
  }

  @POST
  @Path("c/{id}/reply")
  @jakarta.ws.rs.Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response replyWithMedia(@Context ContainerRequestContext request, @PathParam("id") long id,
      FormDataMultiPart form) throws IOException {
    Caller caller = AuthFilter.caller(request.getSecurityContext());
    String text = form.getField("text") == null ? "" : form.getField("text").getValue();
    List<ConversationService.Upload> uploads = new ArrayList<>();
    List<FormDataBodyPart> files = form.getFields("file");
    if (files != null) {
      for (FormDataBodyPart file : files) {
        String filename = file.getContentDisposition().getFileName();
        if (filename == null || filename.isBlank()) {
          continue;
        }
        try (InputStream in = file.getValueAs(InputStream.class)) {
          byte[] data = in.readNBytes((int) MAX_UPLOAD + 1);
          if (data.length > MAX_UPLOAD) {
            throw new BadInputException("file", "attachments can be at most 10 MB");
          }
          uploads.add(new ConversationService.Upload(file.getMediaType().toString(), filename, data));
        }
      }
    }
    conversations.reply(caller, id, text, uploads);
    return back(id);
  }

  @POST
  @Path("c/{id}/reply")
  @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response reply(@Context ContainerRequestContext request, @PathParam("id") long id,
      @FormParam("text") String text) {
    conversations.reply(AuthFilter.caller(request.getSecurityContext()), id, text, List.of());
    return back(id);
  }

  @POST
  @Path("c/{id}/note")
  public Response note(@Context ContainerRequestContext request, @PathParam("id") long id,
      @FormParam("text") String text) {
    conversations.note(AuthFilter.caller(request.getSecurityContext()), id, text);
    return back(id);
  }

  @POST
  @Path("c/{id}/assign")
  public Response assign(@Context ContainerRequestContext request, @PathParam("id") long id,
      @FormParam("user") String user) {
    Caller caller = AuthFilter.caller(request.getSecurityContext());
    Optional<Long> target;
    if (user == null || user.isBlank() || user.equals("none")) {
      target = Optional.empty();
    } else if (user.equals("me")) {
      target = Optional.of(caller.userId());
    } else {
      try {
        target = Optional.of(Long.parseLong(user));
      } catch (NumberFormatException e) {
        throw new BadInputException("user", "pick a member");
      }
    }
    conversations.assign(caller, id, target);
    return back(id);
  }

  @POST
  @Path("c/{id}/status")
  public Response status(@Context ContainerRequestContext request, @PathParam("id") long id,
      @FormParam("status") String status) {
    if (status == null) {
      throw new BadInputException("status", "pick a status");
    }
    conversations.setStatus(AuthFilter.caller(request.getSecurityContext()), id, ConversationStatus.parse(status));
    return back(id);
  }

  @POST
  @Path("c/{id}/block")
  public Response block(@Context ContainerRequestContext request, @PathParam("id") long id,
      @FormParam("blocked") String blocked) {
    conversations.setBlocked(AuthFilter.caller(request.getSecurityContext()), id, "true".equals(blocked));
    return back(id);
  }

  @POST
  @Path("c/{id}/verified")
  public Response verified(@Context ContainerRequestContext request, @PathParam("id") long id) {
    conversations.acknowledgeIdentity(AuthFilter.caller(request.getSecurityContext()), id);
    return back(id);
  }

  @POST
  @Path("m/{id}/retry")
  public Response retry(@Context ContainerRequestContext request, @PathParam("id") long messageId,
      @FormParam("conversation") long conversationId) {
    conversations.retry(AuthFilter.caller(request.getSecurityContext()), messageId);
    return back(conversationId);
  }

  @GET
  @Path("attachments/{id}")
  @Produces(MediaType.WILDCARD)
  public Response attachment(@Context ContainerRequestContext request, @PathParam("id") long id) {
    Map.Entry<AttachmentMeta, byte[]> file = conversations.attachment(AuthFilter.caller(request.getSecurityContext()),
        id);
    return ConversationResource.attachmentResponse(file.getKey(), file.getValue());
  }

  private static Response back(long id) {
    return Response.seeOther(URI.create("/c/" + id + "#reply")).build();
  }

  // --------------------------------------------------------------------------------------------- scopes

  private Map<String, Object> listScope(Caller caller, HttpHeaders headers, String view, String status, String cursor, long selected) {
    String v = view == null || view.isBlank() ? "all" : view;
    String s = status == null || status.isBlank() ? "open" : status;
    ConversationStore.Filter filter = ConversationResource.filterOf(v, s);
    ConversationViews.Page page = conversations.list(caller, filter, Optional.ofNullable(cursor));
    String query = "view=" + enc(v) + "&status=" + enc(s);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ConversationViews.Summary c : page.conversations()) {
      Map<String, Object> row = new HashMap<>();
      row.put("id", c.id());
      row.put("contactLabel", pages.label(headers, c.contactLabel()));
      row.put("preview", c.preview());
      row.put("outbound", c.lastDirection().map(d -> d == Direction.OUT).orElse(false));
      row.put("unread", c.unread());
      row.put("selected", c.id() == selected);
      row.put("status", c.status().id());
      row.put("statusLabel", pages.text(headers, "conversation.status." + c.status().id()));
      row.put("assignee", c.assigneeName().orElse(""));
      row.put("channel", c.channelType());
      row.putAll(pages.time(caller.orgId(), c.lastMessageAt()));
      rows.add(row);
    }
    Map<String, Object> scope = new HashMap<>();
    scope.put("conversations", rows);
    scope.put("query", query);
    scope.put("listSrc", "/inbox/list?" + query + "&selected=" + selected);
    page.nextCursor().ifPresent(n -> scope.put("next", "/?" + query + "&cursor=" + enc(n)));
    List<Map<String, Object>> views = new ArrayList<>();
    for (String option : List.of("mine", "unassigned", "all")) {
      views.add(Map.of("id", option, "label", pages.text(headers, "inbox.view." + option), "current", option.equals(v),
          "href", "/?view=" + option + "&status=" + enc(s)));
    }
    List<Map<String, Object>> statuses = new ArrayList<>();
    for (String option : List.of("open", "closed", "any")) {
      statuses.add(Map.of("id", option, "label", pages.text(headers, "inbox.status." + option), "current", option.equals(s),
          "href", "/?view=" + enc(v) + "&status=" + option));
    }
    scope.put("views", views);
    scope.put("statuses", statuses);
    return scope;
  }

  private Map<String, Object> conversationScope(Caller caller, ConversationViews.Detail detail, HttpHeaders headers) {
    Map<String, Object> scope = new HashMap<>();
    scope.put("id", detail.id());
    var contact = detail.contact();
    scope.put("contact", Map.of("label", pages.label(headers, contact.label()),
        "addresses", contact.addresses().stream().map(a -> pages.label(headers, a)).toList(),
        "blocked", contact.blocked(), "optedOut", contact.optedOut()));
    scope.put("status", detail.status().id());
    scope.put("open", detail.status() == ConversationStatus.OPEN);
    scope.put("closed", detail.status() == ConversationStatus.CLOSED);
    scope.put("archived", detail.status() == ConversationStatus.ARCHIVED);
    scope.put("assigneeName", detail.assigneeName().orElse(""));
    scope.put("mine", detail.assigneeId().map(a -> a == caller.userId()).orElse(false));
    scope.put("unassigned", detail.assigneeId().isEmpty());
    scope.put("reply", detail.reply());
    scope.put("replyMedia", detail.reply().maxMedia() > 0);
    scope.put("identityWarning", detail.contact().identityChangedAt().isPresent());
    detail.disappearingSeconds().ifPresent(s -> scope.put("disappearing", humanDuration(s)));
    if (caller.role().canManage()) {
      List<Map<String, Object>> members = new ArrayList<>();
      for (User u : users.list(caller.orgId())) {
        if (u.active()) {
          members.add(Map.of("id", u.id(), "name", u.displayName(),
              "selected", detail.assigneeId().map(a -> a == u.id()).orElse(false)));
        }
      }
      scope.put("members", members);
      scope.put("hasMembers", !members.isEmpty());
    }
    List<Map<String, Object>> messages = new ArrayList<>();
    for (ConversationViews.MessageView m : detail.messages()) {
      Map<String, Object> row = new HashMap<>();
      row.put("id", m.id());
      row.put("direction", m.direction().id());
      row.put("note", m.direction() == Direction.NOTE);
      row.put("body", m.body());
      m.quote().ifPresent(q -> row.put("quote", q));
      row.put("author", m.authorName()
          .orElse(m.direction() == Direction.IN ? pages.label(headers, detail.contact().label()) : ""));
      row.put("status", m.status().id());
      row.put("statusLabel", pages.text(headers, "status." + m.status().id()));
      m.statusDetail().ifPresent(d -> row.put("statusDetail", d));
      m.statusCode().ifPresent(c -> row.put("statusCode", c));
      row.put("failed", m.status() == MessageStatus.FAILED);
      row.put("retry", m.status() == MessageStatus.FAILED && m.direction() == Direction.OUT);
      row.put("showStatus", m.direction() == Direction.OUT);
      row.put("conversationId", detail.id());
      row.put("attachments", m.attachments().stream().map(a -> {
        Map<String, Object> at = new HashMap<>();
        at.put("id", a.id());
        at.put("filename", a.filename());
        at.put("image", a.image() && a.state().equals("stored"));
        at.put("file", !a.image() && a.state().equals("stored"));
        at.put("pending", a.state().equals("pending"));
        at.put("failedDownload", a.state().equals("failed"));
        at.put("problem", a.problem());
        return at;
      }).toList());
      m.expiresAt().ifPresent(e -> row.put("expires", true));
      row.putAll(pages.time(caller.orgId(), m.createdAt()));
      messages.add(row);
    }
    scope.put("messages", messages);
    return scope;
  }

  private static String humanDuration(int seconds) {
    if (seconds % 86400 == 0) {
      return seconds / 86400 + " d";
    }
    if (seconds % 3600 == 0) {
      return seconds / 3600 + " h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + " min";
    }
    return seconds + " s";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
