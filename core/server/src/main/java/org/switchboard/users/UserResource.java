package org.switchboard.users;

import com.google.inject.Inject;
import jakarta.ws.rs.Consumes;
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
import org.switchboard.auth.Caller;
import org.switchboard.errors.BadInputException;
import org.switchboard.http.AuthFilter;

/** {@code /api/v1/users}: the organization's members; admins add and deactivate them. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
public final class UserResource {
  private final UserService users;

  @Inject
  UserResource(UserService users) {
    this.users = users;
  }

  /** A member as the API shows them. */
  public record UserJson(long id, String email, String name, String role, boolean active, Instant createdAt) {
    static UserJson of(User u) {
      return new UserJson(u.id(), u.email(), u.displayName(), u.role().id(), u.active(), u.createdAt());
    }
  }

  /** A member to add. */
  public record NewUser(String email, String name, String role, String password) {
    @Override
    public String toString() {
      return "NewUser[REDACTED]";
    }
  }

  @GET
  public List<UserJson> list(@Context SecurityContext security) {
    return users.list(AuthFilter.caller(security).orgId()).stream().map(UserJson::of).toList();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response add(@Context SecurityContext security, NewUser request) {
    Caller caller = AuthFilter.caller(security).requireManager();
    if (request == null) {
      throw new BadInputException("email", "send {\"email\", \"name\", \"role\", \"password\"}");
    }
    User user = users.add(caller.unlocked(), request.email(), request.name(),
        Role.parse(request.role() == null ? "volunteer" : request.role()), request.password());
    return Response.status(201).entity(UserJson.of(user)).build();
  }

  @POST
  @Path("{id}/deactivate")
  public Response deactivate(@Context SecurityContext security, @PathParam("id") long id) {
    Caller caller = AuthFilter.caller(security).requireManager();
    users.deactivate(caller.orgId(), id);
    return Response.noContent().build();
  }
}
