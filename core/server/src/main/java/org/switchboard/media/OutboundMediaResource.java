package org.switchboard.media;

import com.google.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Map;
import org.switchboard.crypto.Vault;
import org.switchboard.errors.MissingException;
import org.switchboard.http.Public;

/**
 * {@code /media/out/{token}}: the unguessable link a provider fetches an outbound attachment from (Twilio MMS);
 * valid for two days, then 404.
 */
@Path("/media/out/{token}")
@Public
public final class OutboundMediaResource {
  private final AttachmentStore store;
  private final Vault vault;
  private final Clock clock;

  @Inject
  OutboundMediaResource(AttachmentStore store, Vault vault, Clock clock) {
    this.store = store;
    this.vault = vault;
    this.clock = clock;
  }

  @GET
  public Response get(@PathParam("token") String token) {
    if (token == null || !token.matches("[A-Za-z0-9_-]{20,64}")) {
      throw new MissingException("media");
    }
    Map.Entry<String, byte[]> media = OutboundMediaLink.decode(vault.unlock(
        store.outboundMedia(token, clock.instant()).orElseThrow(() -> new MissingException("media"))));
    return Response.ok(media.getValue(), media.getKey()).header("Cache-Control", "private, no-store").build();
  }
}
