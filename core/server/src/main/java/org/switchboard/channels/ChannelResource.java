package org.switchboard.channels;

import com.google.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelException;
import org.switchboard.api.ConfigField;
import org.switchboard.auth.Caller;
import org.switchboard.errors.BadInputException;
import org.switchboard.http.AuthFilter;

/**
 * {@code /api/v1/channels}: channel types, connectors (provider accounts) and their numbers — create and test a
 * connector, list the provider's numbers, activate them, set or regenerate webhooks.
 */
@Path("/api/v1/channels")
@Produces(MediaType.APPLICATION_JSON)
public final class ChannelResource {
  private final ConnectorService connectors;
  private final ChannelHealthBoard health;
  private final StreamSupervisor streams;
  private final ChannelRegistry registry;

  @Inject
  ChannelResource(ConnectorService connectors, ChannelHealthBoard health, StreamSupervisor streams,
      ChannelRegistry registry) {
    this.registry = registry;
    this.connectors = connectors;
    this.health = health;
    this.streams = streams;
  }

  /** A channel type and the settings its connectors need. */
  public record TypeJson(String type, String name, String description, List<ConfigField> fields,
      List<String> capabilities, String source) {}

  /** A connector with its numbers and health (secrets never included). */
  public record ConnectorJson(long id, String type, String name, String state, String stateDetail,
      Optional<Instant> checkedAt, String webhookUrl, Map<String, String> settings, List<String> secretsSet,
      Optional<String> health, Optional<String> healthMessage, List<NumberJson> numbers) {}

  /** An activated number. */
  public record NumberJson(long id, String address, String label, boolean active, String webhookState,
      Optional<Long> inboxId) {}

  /** A message template a number can send, with the variables a send must fill. */
  public record TemplateJson(String id, String name, String language, String category, String status,
      boolean approved, String text, List<VariableJson> variables) {}

  /** One template variable. */
  public record VariableJson(String name, String component, String example) {}

  /** A provider number as listed for activation. */
  public record ProviderNumberJson(String providerRef, String address, String label, List<String> kinds,
      Optional<String> inboundWebhook, Optional<Long> activeNumberId, boolean boundElsewhere) {}

  /** A connector to create or update. */
  public record ConnectorRequest(String type, String name, Map<String, String> settings) {}

  /** The provider numbers to have active. */
  public record ActivateRequest(List<String> providerRefs) {}

  /** A number added by hand. */
  public record AddNumberRequest(String address, String label) {}

  @GET
  @Path("types")
  public List<TypeJson> types() {
    return connectors.channelTypes().stream().map(c -> new TypeJson(c.descriptor().type(),
        c.descriptor().displayName(), c.descriptor().description(), ConnectorService.fields(c),
        c.descriptor().capabilities().stream().map(Enum::name).sorted().toList(),
        registry.origin(c.descriptor().type()))).toList();
  }

  @GET
  public List<ConnectorJson> list(@Context SecurityContext security) {
    Caller caller = AuthFilter.caller(security);
    return connectors.list(caller).stream().map(c -> json(caller, c)).toList();
  }

  @GET
  @Path("{id}")
  public ConnectorJson get(@Context SecurityContext security, @PathParam("id") long id) {
    Caller caller = AuthFilter.caller(security);
    return json(caller, connectors.get(caller, id));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@Context SecurityContext security, ConnectorRequest request) {
    Caller caller = AuthFilter.caller(security);
    if (request == null || request.type() == null) {
      throw new BadInputException("type", "send {\"type\": …, \"name\": …, \"settings\": {…}}");
    }
    Connector connector = connectors.create(caller, request.type(), request.name(),
        request.settings() == null ? Map.of() : request.settings());
    streams.refresh();
    return Response.status(201).entity(json(caller, connector)).build();
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public ConnectorJson update(@Context SecurityContext security, @PathParam("id") long id,
      ConnectorRequest request) {
    Caller caller = AuthFilter.caller(security);
    if (request == null) {
      throw new BadInputException("settings", "send {\"name\": …, \"settings\": {…}}");
    }
    Connector connector = connectors.update(caller, id, request.name(),
        request.settings() == null ? Map.of() : request.settings());
    streams.refresh();
    return json(caller, connector);
  }

  @POST
  @Path("{id}/test")
  public ConnectorJson test(@Context SecurityContext security, @PathParam("id") long id) {
    Caller caller = AuthFilter.caller(security).requireManager();
    return json(caller, connectors.test(caller, id));
  }

  @POST
  @Path("{id}/webhook/regenerate")
  public ConnectorJson regenerate(@Context SecurityContext security, @PathParam("id") long id) {
    Caller caller = AuthFilter.caller(security);
    return json(caller, connectors.regenerateWebhook(caller, id));
  }

  @GET
  @Path("{id}/provider-numbers")
  public List<ProviderNumberJson> providerNumbers(@Context SecurityContext security, @PathParam("id") long id)
      throws ChannelException {
    Caller caller = AuthFilter.caller(security).requireManager();
    return connectors.listProviderNumbers(caller, id).stream().map(v -> new ProviderNumberJson(
        v.number().providerRef(), v.number().address().uri(), v.number().label(),
        v.number().kinds().stream().sorted().toList(), v.number().inboundWebhook().map(Object::toString),
        v.activeHere().map(ChannelNumber::id), v.boundElsewhere())).toList();
  }

  /** The number's message templates (WhatsApp), for replies outside the customer-service window. */
  @GET
  @Path("numbers/{numberId}/templates")
  public List<TemplateJson> templates(@Context SecurityContext security, @PathParam("numberId") long numberId)
      throws ChannelException {
    Caller caller = AuthFilter.caller(security);
    return connectors.templates(caller, numberId).stream().map(t -> new TemplateJson(t.id(), t.name(), t.language(),
        t.category(), t.status().name().toLowerCase(java.util.Locale.ROOT), t.approved(), t.text(),
        t.variables().stream().map(v -> new VariableJson(v.name(), v.component(), v.example())).toList())).toList();
  }

  @PUT
  @Path("{id}/numbers")
  @Consumes(MediaType.APPLICATION_JSON)
  public List<NumberJson> activate(@Context SecurityContext security, @PathParam("id") long id,
      ActivateRequest request) throws ChannelException {
    Caller caller = AuthFilter.caller(security);
    List<String> refs = request == null || request.providerRefs() == null ? List.of() : request.providerRefs();
    List<NumberJson> result = connectors.activate(caller, id, new HashSet<>(refs)).stream()
        .map(ChannelResource::json).toList();
    streams.refresh();
    return result;
  }

  @POST
  @Path("{id}/numbers")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response addNumber(@Context SecurityContext security, @PathParam("id") long id, AddNumberRequest request) {
    Caller caller = AuthFilter.caller(security);
    if (request == null || request.address() == null) {
      throw new BadInputException("address", "send {\"address\": \"+14155550100\"}");
    }
    Connector connector = connectors.get(caller, id);
    Address address = request.address().contains(":") ? Address.parse(request.address())
        : connector.type().equals("signal") ? new Address(Address.SIGNAL, Address.normalizePhone(request.address()))
        : Address.phone(request.address());
    ChannelNumber number = connectors.addNumber(caller, id, address, request.label());
    streams.refresh();
    return Response.status(201).entity(json(number)).build();
  }

  @POST
  @Path("numbers/{numberId}/webhook")
  public NumberJson setWebhook(@Context SecurityContext security, @PathParam("numberId") long numberId)
      throws ChannelException {
    return json(connectors.setWebhook(AuthFilter.caller(security), numberId));
  }

  @DELETE
  @Path("numbers/{numberId}")
  public Response deactivate(@Context SecurityContext security, @PathParam("numberId") long numberId) {
    connectors.deactivateNumber(AuthFilter.caller(security), numberId);
    streams.refresh();
    return Response.noContent().build();
  }

  private ConnectorJson json(Caller caller, Connector c) {
    ConnectorSettings settings = connectors.settings(c.id());
    var reading = health.get(c.id());
    return new ConnectorJson(c.id(), c.type(), c.name(), c.state().name().toLowerCase(), c.stateDetail(),
        c.checkedAt(), connectors.webhookUrl(c).toString(), settings.values(),
        settings.secrets().keySet().stream().sorted().toList(),
        reading.map(r -> r.health().state().name().toLowerCase()), reading.map(r -> r.health().message()),
        connectors.numbers(caller, c.id()).stream().map(ChannelResource::json).toList());
  }

  static NumberJson json(ChannelNumber n) {
    return new NumberJson(n.id(), n.address().uri(), n.label(), n.active(), n.webhookState().name().toLowerCase(),
        n.inboxId());
  }
}
