package org.switchboard.channels;

import com.google.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.Channel;
import org.switchboard.api.InboundRequest;
import org.switchboard.api.InboundResult;
import org.switchboard.boot.PublicUrls;
import org.switchboard.errors.BadInputException;
import org.switchboard.errors.MissingException;
import org.switchboard.http.Public;
import org.switchboard.ingest.IngestService;
import org.switchboard.storage.StorageBusyException;
import org.switchboard.storage.Writer;

/**
 * {@code /hooks/{token}[/sub/path]}: the unguessable webhook URL of each connector. The channel verifies the
 * signature before anything else; a verified request's events are committed durably before the provider gets its
 * answer, and nothing of a rejected request is stored. Unknown or regenerated tokens answer 404.
 */
@Path("/hooks/{token}")
@Public
public final class WebhookResource {
  private static final Logger log = LoggerFactory.getLogger(WebhookResource.class);
  private static final int MAX_BODY = 1024 * 1024;

  private final ConnectorService connectors;
  private final IngestService ingest;
  private final PublicUrls urls;

  @Inject
  WebhookResource(ConnectorService connectors, IngestService ingest, PublicUrls urls) {
    this.connectors = connectors;
    this.ingest = ingest;
    this.urls = urls;
  }

  @POST
  public Response post(@PathParam("token") String token, @Context HttpHeaders headers, @Context UriInfo uri,
      InputStream request) throws IOException {
    return handle(token, "", "POST", headers, uri, request);
  }

  @GET
  public Response get(@PathParam("token") String token, @Context HttpHeaders headers, @Context UriInfo uri)
      throws IOException {
    return handle(token, "", "GET", headers, uri, InputStream.nullInputStream());
  }

  @POST
  @Path("{sub: .+}")
  public Response postSub(@PathParam("token") String token, @PathParam("sub") String sub,
      @Context HttpHeaders headers, @Context UriInfo uri, InputStream request) throws IOException {
    return handle(token, sub, "POST", headers, uri, request);
  }

  @GET
  @Path("{sub: .+}")
  public Response getSub(@PathParam("token") String token, @PathParam("sub") String sub,
      @Context HttpHeaders headers, @Context UriInfo uri) throws IOException {
    return handle(token, sub, "GET", headers, uri, InputStream.nullInputStream());
  }

  @PUT
  public Response put(@PathParam("token") String token) {
    return Response.status(405).build();
  }

  @DELETE
  public Response delete(@PathParam("token") String token) {
    return Response.status(405).build();
  }

  private Response handle(String token, String sub, String method, HttpHeaders headers, UriInfo uri,
      InputStream entity) throws IOException {
    Connector connector = connectors.byWebhookToken(token)
        .orElseThrow(() -> new MissingException("webhook"));
    Channel channel;
    try {
      channel = connectors.channel(connector.type());
    } catch (BadInputException e) {
      return Response.status(503).entity("the channel plugin for this webhook is not installed\n").build();
    }
    byte[] body = readCapped(entity);
    if (body == null) {
      return Response.status(413).entity("request body too large\n").build();
    }
    InboundRequest request = new InboundRequest(method, publicUrl(uri), headers.getRequestHeaders(), body, sub);
    InboundResult result;
    try {
      result = channel.receive(request, connectors.config(connector));
    } catch (RuntimeException e) {
      log.warn("channel {} could not handle a webhook: {}", connector.type(), e.getClass().getSimpleName());
      return Response.status(400).entity("malformed request\n").build();
    }
    if (result instanceof InboundResult.Rejected rejected) {
      log.info("webhook for connector {} rejected: {} {}", connector.id(), rejected.status(), rejected.reason());
      return Response.status(rejected.status()).type("text/plain").entity(rejected.reason() + "\n").build();
    }
    InboundResult.Accepted accepted = (InboundResult.Accepted) result;
    if (!accepted.events().isEmpty()) {
      try {
        ingest.ingest(connector, accepted.events()).get(25, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageBusyException();
      } catch (TimeoutException e) {
        throw new StorageBusyException();
      } catch (ExecutionException e) {
        throw Writer.rethrow(e.getCause());
      }
    }
    InboundResult.Reply reply = accepted.reply();
    return Response.status(reply.status()).type(reply.contentType()).entity(reply.body())
        .header("Cache-Control", "no-store").build();
  }

  /** The URL the provider addressed (what its signature covers): the public base URL + path + query. */
  private URI publicUrl(UriInfo uri) {
    String path = uri.getRequestUri().getRawPath();
    String query = uri.getRequestUri().getRawQuery();
    String base = urls.configured() ? urls.base().toString() : uri.getBaseUri().toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + path + (query == null ? "" : "?" + query));
  }

  private static byte[] readCapped(InputStream in) throws IOException {
    byte[] data = in.readNBytes(MAX_BODY + 1);
    return data.length > MAX_BODY ? null : data;
  }

}
