package org.switchboard.conversations;

import com.google.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.switchboard.errors.BadInputException;
import org.switchboard.http.AuthFilter;
import org.switchboard.media.AttachmentMeta;

/** {@code /api/v1/conversations}: the inbox as JSON — list, read, reply, note, assign, close/reopen, block. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class ConversationResource {
  private final ConversationService conversations;

  @Inject
  ConversationResource(ConversationService conversations) {
    this.conversations = conversations;
  }

  /** A reply as the API takes it. */
  public record ReplyRequest(String text, List<AttachmentUpload> attachments) {}

  /** An attachment in a JSON reply (base64 data). */
  public record AttachmentUpload(String contentType, String filename, String data) {}

  /** A note as the API takes it. */
  public record NoteRequest(String text) {}

  /** An assignment ({@code userId} null to unassign). */
  public record AssignRequest(Long userId) {}

  /** A status change. */
  public record StatusRequest(String status) {}

  /** A block or unblock. */
  public record BlockRequest(boolean blocked) {}

  /** What a write returns. */
  public record Created(long id) {}

  @GET
  @Path("conversations")
  public ConversationViews.Page list(@Context SecurityContext security, @QueryParam("view") String view,
      @QueryParam("status") String status, @QueryParam("cursor") String cursor) {
    return conversations.list(AuthFilter.caller(security), filterOf(view, status), Optional.ofNullable(cursor));
  }

  @GET
  @Path("conversations/{id}")
  public ConversationViews.Detail get(@Context SecurityContext security, @PathParam("id") long id) {
    return conversations.get(AuthFilter.caller(security), id);
  }

  @GET
  @Path("conversations/{id}/messages")
  public List<ConversationViews.MessageView> messages(@Context SecurityContext security, @PathParam("id") long id) {
    return conversations.get(AuthFilter.caller(security), id).messages();
  }

  @POST
  @Path("conversations/{id}/messages")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response reply(@Context SecurityContext security, @PathParam("id") long id, ReplyRequest request) {
    if (request == null) {
      throw new BadInputException("text", "send a JSON body with 'text'");
    }
    List<ConversationService.Upload> uploads = new ArrayList<>();
    for (AttachmentUpload a : request.attachments() == null ? List.<AttachmentUpload>of() : request.attachments()) {
      if (a == null || a.data() == null || a.contentType() == null) {
        throw new BadInputException("attachments", "each attachment needs contentType and base64 data");
      }
      try {
        uploads.add(new ConversationService.Upload(a.contentType(), a.filename(), Base64.getDecoder().decode(a.data())));
      } catch (IllegalArgumentException e) {
        throw new BadInputException("attachments", "attachment data must be base64");
      }
    }
    long messageId = conversations.reply(AuthFilter.caller(security), id, request.text(), uploads);
    return Response.status(202).entity(new Created(messageId)).build();
  }

  @POST
  @Path("conversations/{id}/notes")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response note(@Context SecurityContext security, @PathParam("id") long id, NoteRequest request) {
    long noteId = conversations.note(AuthFilter.caller(security), id, request == null ? null : request.text());
    return Response.status(201).entity(new Created(noteId)).build();
  }

  @PUT
  @Path("conversations/{id}/assignee")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response assign(@Context SecurityContext security, @PathParam("id") long id, AssignRequest request) {
    conversations.assign(AuthFilter.caller(security), id,
        Optional.ofNullable(request == null ? null : request.userId()));
    return Response.noContent().build();
  }

  @PUT
  @Path("conversations/{id}/status")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response status(@Context SecurityContext security, @PathParam("id") long id, StatusRequest request) {
    if (request == null || request.status() == null) {
      throw new BadInputException("status", "send {\"status\": \"open|snoozed|closed|archived\"}");
    }
    conversations.setStatus(AuthFilter.caller(security), id, ConversationStatus.parse(request.status()));
    return Response.noContent().build();
  }

  @POST
  @Path("conversations/{id}/read")
  public Response read(@Context SecurityContext security, @PathParam("id") long id) {
    conversations.markRead(AuthFilter.caller(security), id);
    return Response.noContent().build();
  }

  @PUT
  @Path("conversations/{id}/blocked")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response block(@Context SecurityContext security, @PathParam("id") long id, BlockRequest request) {
    conversations.setBlocked(AuthFilter.caller(security), id, request != null && request.blocked());
    return Response.noContent().build();
  }

  @POST
  @Path("messages/{id}/retry")
  public Response retry(@Context SecurityContext security, @PathParam("id") long id) {
    long messageId = conversations.retry(AuthFilter.caller(security), id);
    return Response.status(202).entity(new Created(messageId)).build();
  }

  @GET
  @Path("attachments/{id}")
  @Produces(MediaType.WILDCARD)
  public Response attachment(@Context SecurityContext security, @PathParam("id") long id) {
    Map.Entry<AttachmentMeta, byte[]> file = conversations.attachment(AuthFilter.caller(security), id);
    return attachmentResponse(file.getKey(), file.getValue());
  }

  /** Serves a decrypted attachment safely: images inline, everything else as a download, never sniffed. */
  public static Response attachmentResponse(AttachmentMeta meta, byte[] data) {
    String disposition = (meta.isImage() ? "inline" : "attachment") + "; filename=\""
        + meta.filename().replaceAll("[^A-Za-z0-9._-]", "_") + "\"";
    String type = meta.isImage() ? meta.contentType() : "application/octet-stream";
    return Response.ok(data, type).header("Content-Disposition", disposition)
        .header("Cache-Control", "private, no-store").build();
  }

  /** Parses the inbox filters of a query string. */
  public static ConversationStore.Filter filterOf(String view, String status) {
    ConversationStore.View v;
    switch (view == null ? "all" : view) {
      case "mine" -> v = ConversationStore.View.MINE;
      case "unassigned" -> v = ConversationStore.View.UNASSIGNED;
      case "all" -> v = ConversationStore.View.ALL;
      default -> throw new BadInputException("view", "view must be mine, unassigned or all");
    }
    Optional<ConversationStatus> s = status == null || status.isBlank() || status.equals("any") ? Optional.empty()
        : Optional.of(ConversationStatus.parse(status));
    return new ConversationStore.Filter(v, s);
  }
}
