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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.switchboard.api.Address;
import org.switchboard.api.Channel;
import org.switchboard.api.ChannelDescriptor;
import org.switchboard.api.ChannelException;
import org.switchboard.api.ConfigField;
import org.switchboard.api.DeviceLinking;
import org.switchboard.auth.Caller;
import org.switchboard.auth.TokenService;
import org.switchboard.boot.PublicUrls;
import org.switchboard.channels.ChannelHealthBoard;
import org.switchboard.channels.ChannelNumber;
import org.switchboard.channels.ChannelRegistry;
import org.switchboard.channels.Connector;
import org.switchboard.channels.ConnectorService;
import org.switchboard.channels.ConnectorSettings;
import org.switchboard.channels.StreamSupervisor;
import org.switchboard.errors.BadInputException;
import org.switchboard.http.AuthFilter;
import org.switchboard.users.Role;
import org.switchboard.users.UserService;
import org.switchboard.webchat.WebChatChannel;

/**
 * Settings: channels (connectors, their numbers and webhook URLs, the web chat page), members, API tokens and
 * plugins. Setup screens say exactly what to paste where.
 */
@Path("/settings")
@Produces(MediaType.TEXT_HTML)
public final class SettingsPage {
  private final ConnectorService connectors;
  private final ChannelRegistry registry;
  private final ChannelHealthBoard health;
  private final StreamSupervisor streams;
  private final UserService users;
  private final TokenService tokens;
  private final PublicUrls urls;
  private final Templates templates;
  private final PageContext pages;

  @Inject
  SettingsPage(ConnectorService connectors, ChannelRegistry registry, ChannelHealthBoard health,
      StreamSupervisor streams, UserService users, TokenService tokens, PublicUrls urls, Templates templates,
      PageContext pages) {
    this.connectors = connectors;
    this.registry = registry;
    this.health = health;
    this.streams = streams;
    this.users = users;
    this.tokens = tokens;
    this.urls = urls;
    this.templates = templates;
    this.pages = pages;
  }

  // ------------------------------------------------------------------------------------------------ channels

  @GET
  public Response channels(@Context ContainerRequestContext request, @Context HttpHeaders headers) {
    Caller caller = AuthFilter.caller(request.getSecurityContext());
    Map<String, Object> scope = pages.scope(request, headers, "settings", "settings.title");
    List<Map<String, Object>> list = new ArrayList<>();
    for (Connector c : connectors.list(caller)) {
      list.add(connectorSummary(caller, c));
    }
    scope.put("connectors", list);
    scope.put("types", registry.all().stream().filter(c -> !c.descriptor().type().equals(WebChatChannel.TYPE))
        .map(c -> Map.of("type", c.descriptor().type(), "name", c.descriptor().displayName(),
            "description", c.descriptor().description())).toList());
    scope.put("publicUrlMissing", !urls.configured());
    scope.put("baseUrl", urls.base().toString());
    return templates.page("settings", scope);
  }

  @GET
  @Path("connectors/new")
  public Response newConnector(@Context ContainerRequestContext request, @Context HttpHeaders headers,
      @QueryParam("type") String type) {
    Caller caller = AuthFilter.caller(request.getSecurityContext()).requireManager();
    Channel channel = connectors.channel(type == null ? "" : type);
    Map<String, Object> scope = pages.scope(request, headers, "settings", "connector.newTitle");
    scope.put("type", type);
    scope.put("typeName", channel.descriptor().displayName());
    scope.put("fields", fields(ConnectorService.fields(channel), Map.of(), ConnectorSettings.empty()));
    scope.put("name", channel.descriptor().displayName());
    return templates.page("connector-new", scope);
  }

  @POST
  @Path("connectors")
  public Response create(@Context ContainerRequestContext request, MultivaluedMap<String, String> form) {
    Caller caller = AuthFilter.caller(request.getSecurityContext());
    Connector created = connectors.create(caller, form.getFirst("type"), form.getFirst("name"), flatten(form));
    streams.refresh();
    return Response.seeOther(URI.create("/settings/connectors/" + created.id())).build();
  }

  @GET
  @Path("connectors/{id}")
  public Response connector(@Context ContainerRequestContext request, @Context HttpHeaders headers,
      @PathParam("id") long id, @QueryParam("numbers") String loadNumbers) {
    Caller caller = AuthFilter.caller(request.getSecurityContext());
    Connector connector = connectors.get(caller, id);
    Channel channel = connectors.channel(connector.type());
    Map<String, Object> scope = pages.scope(request, headers, "settings", "connector.title");
    scope.put("title", connector.name());
    scope.putAll(connectorSummary(caller, connector));
    ConnectorSettings settings = connectors.settings(id);
    scope.put("fields", fields(ConnectorService.fields(channel), settings.values(), settings));
    scope.put("manager", caller.role().canManage());
    if (channel.descriptor().has(ChannelDescriptor.Capability.NUMBER_DIRECTORY) && caller.role().canManage()) {
      scope.put("directory", true);
      if ("1".equals(loadNumbers)) {
        try {
          var listed = connectors.listProviderNumbers(caller, id).stream().map(v -> Map.of(
              "ref", v.number().providerRef(), "address", v.number().address().value(),
              "label", v.number().label(), "kinds", String.join(", ", v.number().kinds()),
              "active", v.activeHere().isPresent(), "boundElsewhere", v.boundElsewhere())).toList();
          scope.put("providerNumbers", listed);
          scope.put("hasProviderNumbers", !listed.isEmpty());
        } catch (ChannelException e) {
          scope.put("numbersError", e.getMessage());
        }
      }
    }
    channel.deviceLinking().ifPresent(linking -> {
      scope.put("linking", true);
      scope.put("linkingInstructions", linking.instructions());
    });
    scope.put("manualNumbers", !channel.descriptor().has(ChannelDescriptor.Capability.NUMBER_DIRECTORY)
        && !connector.type().equals(WebChatChannel.TYPE) && caller.role().canManage());
    return templates.page("connector", scope);
  }

  @POST
  @Path("connectors/{id}")
  public Response update(@Context ContainerRequestContext request, @PathParam("id") long id,
      MultivaluedMap<String, String> form) {
    Caller caller = AuthFilter.caller(request.getSecurityContext());
    connectors.update(caller, id, form.getFirst("name"), flatten(form));
    streams.refresh();
    return Response.seeOther(URI.create("/settings/connectors/" + id)).build();
  }

  @POST
  @Path("connectors/{id}/test")
  public Response test(@Context ContainerRequestContext request, @PathParam("id") long id) {
    connectors.test(AuthFilter.caller(request.getSecurityContext()).requireManager(), id);
    return Response.seeOther(URI.create("/settings/connectors/" + id)).build();
  }

  @POST
  @Path("connectors/{id}/regenerate")
  public Response regenerate(@Context ContainerRequestContext request, @PathParam("id") long id) {
    connectors.regenerateWebhook(AuthFilter.caller(request.getSecurityContext()), id);
    return Response.seeOther(URI.create("/settings/connectors/" + id)).build();
  }

  @POST
  @Path("connectors/{id}/numbers")
  public Response activate(@Context ContainerRequestContext request, @PathParam("id") long id,
      MultivaluedMap<String, String> form) throws ChannelException {
    Caller caller = AuthFilter.caller(request.getSecurityContext());
    List<String> refs = form.get("number");
    Set<String> selected = refs == null ? Set.of() : new LinkedHashSet<>(refs);
    connectors.activate(caller, id, selected);
    streams.refresh();
    return Response.seeOther(URI.create("/settings/connectors/" + id)).build();
  }

  @POST
  @Path("connectors/{id}/add-number")
  public Response addNumber(@Context ContainerRequestContext request, @PathParam("id") long id,
      @FormParam("address") String address, @FormParam("label") String label) {
    Caller caller = AuthFilter.caller(request.getSecurityContext());
    Connector connector = connectors.get(caller, id);
    if (address == null || address.isBlank()) {
      throw new BadInputException("address", "enter the number in international form, e.g. +4915112345678");
    }
    Address parsed = connector.type().equals("signal")
        ? new Address(Address.SIGNAL, Address.normalizePhone(address)) : Address.phone(address);
    connectors.addNumber(caller, id, parsed, label);
    streams.refresh();
    return Response.seeOther(URI.create("/settings/connectors/" + id)).build();
  }

  @POST
  @Path("numbers/{id}/webhook")
  public Response setWebhook(@Context ContainerRequestContext request, @PathParam("id") long numberId)
      throws ChannelException {
    Caller caller = AuthFilter.caller(request.getSecurityContext());
    ChannelNumber number = connectors.setWebhook(caller, numberId);
    return Response.seeOther(URI.create("/settings/connectors/" + number.connectorId())).build();
  }

  @POST
  @Path("numbers/{id}/deactivate")
  public Response deactivate(@Context ContainerRequestContext request, @PathParam("id") long numberId) {
    Caller caller = AuthFilter.caller(request.getSecurityContext());
    ChannelNumber number = connectors.number(caller, numberId);
    connectors.deactivateNumber(caller, numberId);
    streams.refresh();
    return Response.seeOther(URI.create("/settings/connectors/" + number.connectorId())).build();
  }

  @GET
  @Path("connectors/{id}/link.png")
  @Produces("image/png")
  public Response linkCode(@Context ContainerRequestContext request, @PathParam("id") long id)
      throws ChannelException {
    Caller caller = AuthFilter.caller(request.getSecurityContext()).requireManager();
    Connector connector = connectors.get(caller, id);
    DeviceLinking linking = connectors.channel(connector.type()).deviceLinking()
        .orElseThrow(() -> new BadInputException("connector", "this channel is not linked by QR code"));
    byte[] png = linking.linkCodePng(connectors.config(connector), "Switchboard");
    return Response.ok(png, "image/png").header("Cache-Control", "no-store").build();
  }

  // ------------------------------------------------------------------------------------------------ members

  @GET
  @Path("members")
  public Response members(@Context ContainerRequestContext request, @Context HttpHeaders headers) {
    Caller caller = AuthFilter.caller(request.getSecurityContext());
    Map<String, Object> scope = pages.scope(request, headers, "settings", "members.title");
    scope.put("members", users.list(caller.orgId()).stream().map(u -> Map.of("id", u.id(), "name", u.displayName(),
        "email", u.email(), "role", pages.text(headers, "role." + u.role().id()), "active", u.active(),
        "self", u.id() == caller.userId())).toList());
    scope.put("manager", caller.role().canManage());
    return templates.page("members", scope);
  }

  @POST
  @Path("members")
  public Response addMember(@Context ContainerRequestContext request, @FormParam("email") String email,
      @FormParam("name") String name, @FormParam("role") String role, @FormParam("password") String password) {
    Caller caller = AuthFilter.caller(request.getSecurityContext()).requireManager();
    users.add(caller.unlocked(), email, name, Role.parse(role == null ? "volunteer" : role), password);
    return Response.seeOther(URI.create("/settings/members")).build();
  }

  @POST
  @Path("members/{id}/deactivate")
  public Response deactivateMember(@Context ContainerRequestContext request, @PathParam("id") long id) {
    Caller caller = AuthFilter.caller(request.getSecurityContext()).requireManager();
    users.deactivate(caller.orgId(), id);
    return Response.seeOther(URI.create("/settings/members")).build();
  }

  // ------------------------------------------------------------------------------------------------ tokens

  @GET
  @Path("tokens")
  public Response tokens(@Context ContainerRequestContext request, @Context HttpHeaders headers) {
    return renderTokens(request, headers, null);
  }

  @POST
  @Path("tokens")
  public Response createToken(@Context ContainerRequestContext request, @Context HttpHeaders headers,
      @FormParam("label") String label) {
    TokenService.Created created = tokens.create(AuthFilter.caller(request.getSecurityContext()), label);
    return renderTokens(request, headers, created.token());
  }

  @POST
  @Path("tokens/{id}/revoke")
  public Response revokeToken(@Context ContainerRequestContext request, @PathParam("id") long id) {
    tokens.revoke(AuthFilter.caller(request.getSecurityContext()), id);
    return Response.seeOther(URI.create("/settings/tokens")).build();
  }

  private Response renderTokens(ContainerRequestContext request, HttpHeaders headers, String newToken) {
    Caller caller = AuthFilter.caller(request.getSecurityContext());
    Map<String, Object> scope = pages.scope(request, headers, "settings", "tokens.title");
    scope.put("tokens", tokens.list(caller).stream().map(t -> {
      Map<String, Object> row = new HashMap<>();
      row.put("id", t.id());
      row.put("label", t.label());
      row.put("revoked", t.revokedAt().isPresent());
      row.putAll(pages.time(caller.orgId(), t.createdAt()));
      return row;
    }).toList());
    if (newToken != null) {
      scope.put("newToken", newToken);
    }
    return Response.fromResponse(templates.page("tokens", scope)).header("Cache-Control", "no-store").build();
  }

  // ------------------------------------------------------------------------------------------------ plugins

  @GET
  @Path("plugins")
  public Response plugins(@Context ContainerRequestContext request, @Context HttpHeaders headers) {
    AuthFilter.caller(request.getSecurityContext());
    Map<String, Object> scope = pages.scope(request, headers, "settings", "plugins.title");
    scope.put("plugins", registry.plugins().stream().map(p -> Map.of("id", p.id(), "version", p.version(),
        "state", p.state(), "types", String.join(", ", p.channelTypes()), "problem", p.problem(),
        "failed", p.failed())).toList());
    scope.put("builtIn", registry.all().stream().map(c -> c.descriptor().type())
        .filter(t -> registry.origin(t).equals("built-in")).toList());
    return templates.page("plugins", scope);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private Map<String, Object> connectorSummary(Caller caller, Connector c) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", c.id());
    row.put("name", c.name());
    row.put("type", c.type());
    row.put("typeName", registry.find(c.type()).map(ch -> ch.descriptor().displayName()).orElse(c.type()));
    row.put("state", c.state().name().toLowerCase());
    row.put("stateDetail", c.stateDetail());
    row.put("active", c.state() == Connector.State.ACTIVE);
    row.put("error", c.state() == Connector.State.ERROR);
    boolean webchat = c.type().equals(WebChatChannel.TYPE);
    row.put("webchat", webchat);
    row.put("webhooks", registry.find(c.type()).map(ch -> ch.descriptor().has(ChannelDescriptor.Capability.WEBHOOKS))
        .orElse(false));
    row.put("webhookUrl", connectors.webhookUrl(c).toString());
    row.put("statusUrl", connectors.webhookUrl(c) + "/status");
    if (webchat) {
      row.put("chatUrl", urls.resolve("/chat/" + c.webhookToken()).toString());
    }
    health.get(c.id()).ifPresent(r -> {
      row.put("health", r.health().state().name().toLowerCase());
      row.put("healthMessage", r.health().message());
      row.put("healthAction", r.health().action());
      row.put("healthWarning", !r.health().isOk());
    });
    row.put("numbers", connectors.numbers(caller, c.id()).stream().map(n -> {
      Map<String, Object> number = new HashMap<>();
      number.put("id", n.id());
      number.put("address", webchat ? "" : n.address().value());
      number.put("label", n.label());
      number.put("active", n.active());
      number.put("webhookState", n.webhookState().name().toLowerCase());
      number.put("needsWebhook", n.active() && n.webhookState() == ChannelNumber.WebhookState.MISSING);
      number.put("webhookConfigured", n.webhookState() == ChannelNumber.WebhookState.CONFIGURED);
      return number;
    }).toList());
    return row;
  }

  private static List<Map<String, Object>> fields(List<ConfigField> declared, Map<String, String> values,
      ConnectorSettings settings) {
    List<Map<String, Object>> fields = new ArrayList<>();
    for (ConfigField f : declared) {
      Map<String, Object> field = new HashMap<>();
      field.put("key", f.key());
      field.put("label", f.label());
      field.put("help", f.help());
      field.put("required", f.required() && !(f.secret() && settings.secrets().containsKey(f.key())));
      field.put("secret", f.secret());
      field.put("inputType", switch (f.type()) {
        case SECRET -> "password";
        case URL -> "url";
        case NUMBER -> "number";
        default -> "text";
      });
      field.put("value", f.secret() ? "" : values.getOrDefault(f.key(), f.defaultValue()));
      if (f.secret() && settings.secrets().containsKey(f.key())) {
        field.put("stored", org.switchboard.api.Secret.of(settings.secrets().get(f.key())).hint());
      }
      fields.add(field);
    }
    return fields;
  }

  private static Map<String, String> flatten(MultivaluedMap<String, String> form) {
    Map<String, String> values = new HashMap<>();
    form.forEach((k, v) -> {
      if (!v.isEmpty() && !k.equals("csrf")) {
        values.put(k, v.get(0));
      }
    });
    return values;
  }

}
