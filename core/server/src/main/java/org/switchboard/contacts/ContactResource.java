package org.switchboard.contacts;

import com.google.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.switchboard.http.AuthFilter;

/** {@code /api/v1/contacts}: people who wrote in, newest first. */
@Path("/api/v1/contacts")
@Produces(MediaType.APPLICATION_JSON)
public final class ContactResource {
  private final ContactService contacts;

  @Inject
  ContactResource(ContactService contacts) {
    this.contacts = contacts;
  }

  /** A contact as the API shows it. */
  public record ContactJson(long id, String label, Optional<String> name, List<String> addresses, boolean blocked,
      boolean optedOut, Optional<Instant> identityChangedAt, Instant createdAt) {
    static ContactJson of(Contact c) {
      return new ContactJson(c.id(), c.label().text(), c.name(), c.addresses().stream().map(a -> a.uri()).toList(),
          c.blocked(), c.optedOut(), c.identityChangedAt(), c.createdAt());
    }
  }

  @GET
  public List<ContactJson> list(@Context SecurityContext security, @QueryParam("limit") @DefaultValue("50") int limit,
      @QueryParam("before") Long before) {
    return contacts.list(AuthFilter.caller(security), limit, Optional.ofNullable(before)).stream()
        .map(ContactJson::of).toList();
  }

  @GET
  @Path("{id}")
  public ContactJson get(@Context SecurityContext security, @PathParam("id") long id) {
    return ContactJson.of(contacts.get(AuthFilter.caller(security), id));
  }
}
