package org.switchboard.channels;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.switchboard.api.Address;
import org.switchboard.api.Channel;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelDescriptor;
import org.switchboard.api.ChannelException;
import org.switchboard.api.ConfigField;
import org.switchboard.api.Health;
import org.switchboard.api.NumberDirectory;
import org.switchboard.api.ProviderNumber;
import org.switchboard.auth.Caller;
import org.switchboard.boot.PublicUrls;
import org.switchboard.crypto.BlindIndex;
import org.switchboard.crypto.Crypto;
import org.switchboard.crypto.Vault;
import org.switchboard.errors.BadInputException;
import org.switchboard.errors.ConflictException;
import org.switchboard.errors.MissingException;
import org.switchboard.orgs.OrgStore;
import org.switchboard.storage.Database;
import org.switchboard.storage.Writer;

/**
 * Connectors and their numbers: credentials entered once and tested at once (kept either way, Active or Error),
 * the provider's numbers listed and activated, each active number bound to one inbox (a number is active once per
 * appliance), webhooks written into the provider or shown to paste, and webhook URLs regenerated on request.
 */
@Singleton
public class ConnectorService {
  private static final Duration CACHE_TTL = Duration.ofMinutes(5);

  private final ConnectorStore connectors;
  private final ChannelNumberStore numbers;
  private final OrgStore orgs;
  private final ChannelRegistry registry;
  private final Vault vault;
  private final BlindIndex blindIndex;
  private final PublicUrls urls;
  private final ChannelHealthBoard health;
  private final Writer writer;
  private final Database database;
  private final Clock clock;
  private final Cache<String, Optional<Connector>> byToken =
      CacheBuilder.newBuilder().maximumSize(10_000).expireAfterWrite(CACHE_TTL).build();
  private final Cache<Long, ConnectorSettings> settingsCache =
      CacheBuilder.newBuilder().maximumSize(10_000).expireAfterWrite(CACHE_TTL).build();
  private final Cache<String, Optional<Long>> activeNumbers =
      CacheBuilder.newBuilder().maximumSize(10_000).expireAfterWrite(CACHE_TTL).build();

  @Inject
  ConnectorService(ConnectorStore connectors, ChannelNumberStore numbers, OrgStore orgs, ChannelRegistry registry,
      Vault vault, BlindIndex blindIndex, PublicUrls urls, ChannelHealthBoard health, Writer writer,
      Database database, Clock clock) {
    this.connectors = connectors;
    this.numbers = numbers;
    this.orgs = orgs;
    this.registry = registry;
    this.vault = vault;
    this.blindIndex = blindIndex;
    this.urls = urls;
    this.health = health;
    this.writer = writer;
    this.database = database;
    this.clock = clock;
  }

  /** A provider number as the connector page lists it: free, active here, or bound elsewhere. */
  public record NumberView(ProviderNumber number, Optional<ChannelNumber> activeHere, boolean boundElsewhere) {}

  // ---------------------------------------------------------------------------------------------- connectors

  /** Creates a connector and tests it at once; it is kept even when the test fails (state Error). */
  public Connector create(Caller caller, String type, String name, Map<String, String> submitted) {
    caller.requireManager();
    Channel channel = channel(type);
    ConnectorSettings settings = ConnectorSettings.from(fields(channel), submitted, ConnectorSettings.empty());
    String cleanName = cleanName(name, channel.descriptor());
    long id = writer.write(tx -> connectors.insert(tx.dsl(), caller.orgId(), type, cleanName,
        vault.lock(settings.toJson()), newWebhookToken(), clock.instant()));
    return test(caller, id);
  }

  /** Creates a connector inside an org-setup transaction (built-in channels); not tested. */
  public long insertBuiltIn(org.switchboard.storage.Tx tx, long orgId, String type, String name) {
    return connectors.insert(tx.dsl(), orgId, type, name, vault.lock(ConnectorSettings.empty().toJson()),
        newWebhookToken(), clock.instant());
  }

  /** Changes a connector's name or settings (blank secrets keep their stored value), then tests it again. */
  public Connector update(Caller caller, long id, String name, Map<String, String> submitted) {
    caller.requireManager();
    Connector connector = get(caller, id);
    Channel channel = channel(connector.type());
    ConnectorSettings settings = ConnectorSettings.from(fields(channel), submitted, settings(id));
    String cleanName = cleanName(name, channel.descriptor());
    writer.write(tx -> {
      connectors.update(tx.dsl(), id, cleanName, vault.lock(settings.toJson()));
      return null;
    });
    invalidate(connector);
    return test(caller, id);
  }

  /** Runs the channel's "test connection" check and records Active or Error with the reason. */
  public Connector test(Caller caller, long id) {
    Connector connector = get(caller, id);
    Health result = check(connector);
    return get(caller, id).withState(result);
  }

  /** Checks a connector against its provider (no caller: used by the health monitor too). */
  public Health check(Connector connector) {
    Optional<Channel> channel = registry.find(connector.type());
    Health checked;
    if (channel.isEmpty()) {
      checked = Health.error("the '" + connector.type() + "' channel plugin is not installed",
          "put the plugin back into the plugins folder and restart");
    } else {
      try {
        checked = channel.get().check(config(connector));
      } catch (RuntimeException e) {
        checked = Health.error("the check failed unexpectedly: " + e.getClass().getSimpleName(), "");
      }
    }
    Health result = checked;
    Connector.State state = result.state() == Health.State.ERROR ? Connector.State.ERROR : Connector.State.ACTIVE;
    Instant now = clock.instant();
    writer.write(tx -> {
      connectors.setState(tx.dsl(), connector.id(), state, result.message(), now);
      return null;
    });
    health.report(connector.id(), result, now);
    invalidate(connector);
    return result;
  }

  /** A new webhook URL for the connector; the old one answers 404 from now on and numbers need "Set webhook". */
  public Connector regenerateWebhook(Caller caller, long id) {
    caller.requireManager();
    Connector connector = get(caller, id);
    writer.write(tx -> {
      connectors.setWebhookToken(tx.dsl(), id, newWebhookToken());
      numbers.markWebhooksMissing(tx.dsl(), id);
      return null;
    });
    invalidate(connector);
    return get(caller, id);
  }

  public Connector get(Caller caller, long id) {
    return connectors.byId(id).filter(c -> c.orgId() == caller.orgId())
        .orElseThrow(() -> new MissingException("connector " + id));
  }

  public List<Connector> list(Caller caller) {
    return connectors.inOrg(caller.orgId());
  }

  public List<Connector> list(long orgId) {
    return connectors.inOrg(orgId);
  }

  public List<Connector> all() {
    return connectors.all();
  }

  public Optional<Connector> find(long id) {
    return connectors.byId(id);
  }

  /** The connector a webhook token belongs to (cached; a regenerated token stops matching at once). */
  public Optional<Connector> byWebhookToken(String token) {
    if (token == null || !token.matches("[A-Za-z0-9_-]{20,64}")) {
      return Optional.empty();
    }
    try {
      return byToken.get(token, () -> connectors.byWebhookToken(token));
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The public webhook URL of a connector. */
  public URI webhookUrl(Connector connector) {
    return urls.resolve("/hooks/" + connector.webhookToken());
  }

  /** The channel config a plugin sees for this connector. */
  public ChannelConfig config(Connector connector) {
    Channel channel = channel(connector.type());
    return settings(connector.id()).toChannelConfig(channel.descriptor().fields(), webhookUrl(connector));
  }

  /** The stored plain values of a connector (for the edit form; secrets are shown only as hints). */
  public ConnectorSettings settings(long connectorId) {
    try {
      return settingsCache.get(connectorId, () -> ConnectorSettings.fromJson(
          vault.unlock(connectors.config(connectorId).orElseThrow(() -> new MissingException("connector")))));
    } catch (java.util.concurrent.ExecutionException | com.google.common.util.concurrent.UncheckedExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  /** A setting every connector has besides its channel's own: the send rate per number. */
  public static final ConfigField SEND_RATE = new ConfigField("sendsPerSecond", "Messages per second per number",
      ConfigField.Type.NUMBER, false, "Leave empty for the channel's default (1 per second for SMS). Carriers "
      + "filter numbers that send faster than they allow.", "");

  /** The settings form of a channel: its own fields, then the common ones. */
  public static List<ConfigField> fields(Channel channel) {
    List<ConfigField> all = new ArrayList<>(channel.descriptor().fields());
    if (channel.descriptor().fields().stream().noneMatch(f -> f.key().equals(SEND_RATE.key()))) {
      all.add(SEND_RATE);
    }
    return all;
  }

  /** The configured send rate of a connector, if an admin set one. */
  public java.util.OptionalDouble sendRate(long connectorId) {
    String value = settings(connectorId).values().getOrDefault(SEND_RATE.key(), "");
    try {
      double rate = Double.parseDouble(value);
      return rate > 0 ? java.util.OptionalDouble.of(rate) : java.util.OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return java.util.OptionalDouble.empty();
    }
  }

  public Channel channel(String type) {
    return registry.find(type)
        .orElseThrow(() -> new BadInputException("type", "no installed channel of type '" + type + "'"));
  }

  public Collection<Channel> channelTypes() {
    return registry.all();
  }

  // ---------------------------------------------------------------------------------------------- numbers

  /** The provider's numbers for this connector, each marked free, active here, or bound elsewhere. */
  public List<NumberView> listProviderNumbers(Caller caller, long connectorId) throws ChannelException {
    Connector connector = get(caller, connectorId);
    NumberDirectory directory = directory(connector);
    List<ProviderNumber> listed = directory.list(config(connector));
    List<NumberView> views = new ArrayList<>();
    for (ProviderNumber number : listed) {
      byte[] index = numberIndex(number.address());
      Optional<ChannelNumberStore.Row> active = numbers.activeByIndex(database.read(), index);
      boolean here = active.isPresent() && active.get().connectorId() == connectorId;
      views.add(new NumberView(number, here ? Optional.of(decrypt(active.get())) : Optional.empty(),
          active.isPresent() && !here));
    }
    return views;
  }

  /**
   * Makes exactly the given provider numbers active on this connector (others of this connector are deactivated).
   * Fails with 409 naming the count when one is already active elsewhere.
   */
  public List<ChannelNumber> activate(Caller caller, long connectorId, Set<String> providerRefs)
      throws ChannelException {
    caller.requireManager();
    Connector connector = get(caller, connectorId);
    Map<String, ProviderNumber> listed = new java.util.LinkedHashMap<>();
    directory(connector).list(config(connector)).forEach(n -> listed.put(n.providerRef(), n));
    for (String ref : providerRefs) {
      if (!listed.containsKey(ref)) {
        throw new BadInputException("numbers", "a selected number is not in this provider account");
      }
    }
    writer.write(tx -> {
      long inbox = orgs.defaultInbox(tx.dsl(), caller.orgId());
      Set<Long> keep = new HashSet<>();
      for (String ref : providerRefs) {
        ProviderNumber number = listed.get(ref);
        byte[] index = numberIndex(number.address());
        Optional<ChannelNumberStore.Row> active = numbers.activeByIndex(tx.dsl(), index);
        if (active.isPresent() && active.get().connectorId() != connectorId) {
          throw new ConflictException("a selected number is already bound to another inbox or organization");
        }
        if (active.isPresent()) {
          keep.add(active.get().id());
          continue;
        }
        Optional<ChannelNumberStore.Row> previous = numbers.byConnectorAndIndex(tx.dsl(), connectorId, index);
        if (previous.isPresent()) {
          numbers.setActive(tx.dsl(), previous.get().id(), true, inbox);
          keep.add(previous.get().id());
        } else {
          String webhookState = webhookMatches(number, connector) ? "configured" : "missing";
          keep.add(numbers.insert(tx.dsl(), caller.orgId(), connectorId, inbox, index,
              vault.lock(number.address().uri()), number.providerRef(), number.label(),
              String.join(",", number.kinds()), webhookState, clock.instant()));
        }
      }
      for (ChannelNumberStore.Row row : numbers.forConnector(connectorId)) {
        if (row.active() && !keep.contains(row.id())) {
          numbers.setActive(tx.dsl(), row.id(), false, null);
        }
      }
      tx.afterCommit(activeNumbers::invalidateAll);
      return null;
    });
    return numbers(caller, connectorId);
  }

  /** Activates one address directly (channels without a number directory, such as Signal or web chat). */
  public ChannelNumber activateAddress(org.switchboard.storage.Tx tx, long orgId, long connectorId, Address address,
      String label, ChannelNumber.WebhookState webhookState) {
    byte[] index = numberIndex(address);
    if (numbers.activeByIndex(tx.dsl(), index).isPresent()) {
      throw new ConflictException("this number is already active on this Switchboard");
    }
    long inbox = orgs.defaultInbox(tx.dsl(), orgId);
    long id = numbers.insert(tx.dsl(), orgId, connectorId, inbox, index, vault.lock(address.uri()), "", label, "",
        webhookState.name().toLowerCase(), clock.instant());
    tx.afterCommit(activeNumbers::invalidateAll);
    return new ChannelNumber(id, orgId, connectorId, Optional.of(inbox), address, "", label, Set.of(), true,
        webhookState, clock.instant());
  }

  /** Adds a number by hand (e.g. the Signal number) to a connector. */
  public ChannelNumber addNumber(Caller caller, long connectorId, Address address, String label) {
    caller.requireManager();
    Connector connector = get(caller, connectorId);
    Channel channel = channel(connector.type());
    ChannelNumber.WebhookState state = channel.descriptor().has(ChannelDescriptor.Capability.WEBHOOKS)
        ? ChannelNumber.WebhookState.MISSING : ChannelNumber.WebhookState.NOT_NEEDED;
    // The label is optional in the API; the column is not nullable.
    String cleanLabel = label == null ? "" : label.strip();
    return writer.write(tx -> activateAddress(tx, caller.orgId(), connectorId, address, cleanLabel, state));
  }

  /** Deactivates a number: no more inbound routing to an inbox, no replies from it. */
  public void deactivateNumber(Caller caller, long numberId) {
    caller.requireManager();
    ChannelNumber number = number(caller, numberId);
    writer.write(tx -> {
      numbers.setActive(tx.dsl(), number.id(), false, null);
      tx.afterCommit(activeNumbers::invalidateAll);
      return null;
    });
  }

  /** Writes our webhook URL into the provider for one active number and confirms it by reading it back. */
  public ChannelNumber setWebhook(Caller caller, long numberId) throws ChannelException {
    caller.requireManager();
    ChannelNumber number = number(caller, numberId);
    if (!number.active()) {
      throw new ConflictException("activate the number before setting its webhook");
    }
    Connector connector = get(caller, number.connectorId());
    ProviderNumber target = new ProviderNumber(number.providerRef(), number.address(), number.label(),
        number.kinds(), Optional.empty());
    ProviderNumber after = directory(connector).setWebhook(config(connector), target, webhookUrl(connector));
    boolean confirmed = webhookMatches(after, connector);
    writer.write(tx -> {
      numbers.setWebhookState(tx.dsl(), numberId, confirmed ? "configured" : "missing");
      return null;
    });
    if (!confirmed) {
      throw new ChannelException(org.switchboard.api.FailureKind.BAD_RESPONSE,
          "the provider did not keep the webhook URL; paste it by hand in the provider's console");
    }
    return number(caller, numberId);
  }

  public List<ChannelNumber> numbers(Caller caller, long connectorId) {
    get(caller, connectorId);
    return numbers.forConnector(connectorId).stream().map(this::decrypt).toList();
  }

  public List<ChannelNumber> numbersInOrg(long orgId) {
    return numbers.inOrg(orgId).stream().map(this::decrypt).toList();
  }

  /** The channel type of each number of an org, by number id (no decryption needed). */
  public Map<Long, String> numberTypes(long orgId) {
    Map<Long, String> connectorTypes = new java.util.HashMap<>();
    connectors.inOrg(orgId).forEach(c -> connectorTypes.put(c.id(), c.type()));
    Map<Long, String> types = new java.util.HashMap<>();
    numbers.inOrg(orgId).forEach(n -> types.put(n.id(), connectorTypes.getOrDefault(n.connectorId(), "")));
    return types;
  }

  public List<ChannelNumber> allActiveNumbers() {
    return numbers.allActive().stream().map(this::decrypt).toList();
  }

  public ChannelNumber number(Caller caller, long numberId) {
    return numbers.byId(numberId).filter(n -> n.orgId() == caller.orgId()).map(this::decrypt)
        .orElseThrow(() -> new MissingException("number " + numberId));
  }

  public Optional<ChannelNumber> number(long numberId) {
    return numbers.byId(numberId).map(this::decrypt);
  }

  /** The active number of this connector with this address (the {@code To} of an inbound message); cached. */
  public Optional<Long> activeNumberId(long connectorId, Address address) {
    String key = connectorId + "/" + java.util.HexFormat.of().formatHex(numberIndex(address));
    try {
      return activeNumbers.get(key, () -> numbers.activeByIndex(database.read(), numberIndex(address))
          .filter(r -> r.connectorId() == connectorId).map(ChannelNumberStore.Row::id));
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The blind index of a hotline number (unique among active numbers on the appliance). */
  public byte[] numberIndex(Address address) {
    String key = address.isPhoneNumber() ? address.scheme() + ":" + address.value() : address.uri();
    return blindIndex.of("number", 0, key);
  }

  /** The message templates one number can send, as its channel lists them (any member may read them). */
  public List<org.switchboard.api.MessageTemplate> templates(Caller caller, long numberId) throws ChannelException {
    ChannelNumber number = number(caller, numberId);
    Connector connector = get(caller, number.connectorId());
    org.switchboard.api.TemplateDirectory directory = channel(connector.type()).templates()
        .orElseThrow(() -> new BadInputException("number", "this channel has no message templates"));
    return directory.list(config(connector), number.address());
  }

  private NumberDirectory directory(Connector connector) {
    return channel(connector.type()).numbers()
        .orElseThrow(() -> new BadInputException("connector", "this channel cannot list numbers; add them by hand"));
  }

  private boolean webhookMatches(ProviderNumber number, Connector connector) {
    return number.inboundWebhook().map(u -> u.toString().equals(webhookUrl(connector).toString())).orElse(false);
  }

  private ChannelNumber decrypt(ChannelNumberStore.Row row) {
    return new ChannelNumber(row.id(), row.orgId(), row.connectorId(), row.inboxId(),
        Address.parse(vault.unlockText(row.address())), row.providerRef(), row.label(),
        row.kinds().isEmpty() ? Set.of() : Set.of(row.kinds().split(",")), row.active(),
        ChannelNumber.WebhookState.valueOf(row.webhookState().toUpperCase()), row.createdAt());
  }

  private void invalidate(Connector connector) {
    byToken.invalidateAll();
    settingsCache.invalidate(connector.id());
    activeNumbers.invalidateAll();
  }

  private static String cleanName(String name, ChannelDescriptor descriptor) {
    String clean = name == null || name.isBlank() ? descriptor.displayName() : name.trim();
    if (clean.length() > 100) {
      throw new BadInputException("name", "name must be at most 100 characters");
    }
    return clean;
  }

  static String newWebhookToken() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Crypto.get().randomBytes(24));
  }
}
