package org.switchboard.auth;

import com.google.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.switchboard.http.AuthFilter;

/** {@code /api/v1/me} and {@code /api/v1/tokens}: who the caller is, and their API tokens. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class AuthResource {
  private final TokenService tokens;

  @Inject
  AuthResource(TokenService tokens) {
    this.tokens = tokens;
  }

  /** The caller. */
  public record Me(long userId, long orgId, String role, String name) {}

  /** A token's metadata (never the token). */
  public record TokenJson(long id, String label, Instant createdAt, Optional<Instant> lastUsedAt,
      Optional<Instant> revokedAt) {}

  /** A new token, shown once. */
  public record NewToken(long id, String token) {}

  /** A token request. */
  public record TokenRequest(String label) {}

  @GET
  @Path("me")
  public Me me(@Context SecurityContext security) {
    Caller caller = AuthFilter.caller(security);
    return new Me(caller.userId(), caller.orgId(), caller.role().id(), caller.displayName());
  }

  @GET
  @Path("tokens")
  public List<TokenJson> list(@Context SecurityContext security) {
    return tokens.list(AuthFilter.caller(security)).stream().map(t -> new TokenJson(t.id(), t.label(),
        t.createdAt(), t.lastUsedAt(), t.revokedAt())).toList();
  }

  @POST
  @Path("tokens")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@Context SecurityContext security, TokenRequest request) {
    TokenService.Created created = tokens.create(AuthFilter.caller(security), request == null ? null : request.label());
    return Response.status(201).entity(new NewToken(created.id(), created.token())).build();
  }

  @DELETE
  @Path("tokens/{id}")
  public Response revoke(@Context SecurityContext security, @PathParam("id") long id) {
    tokens.revoke(AuthFilter.caller(security), id);
    return Response.noContent().build();
  }
}
