package org.switchboard.plugins.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelException;
import org.switchboard.api.FailureKind;
import org.switchboard.api.NumberDirectory;
import org.switchboard.api.ProviderNumber;

/**
 * The phone numbers of a WhatsApp Business Account, and the webhook subscription that sends their messages here.
 *
 * <p>Listing (anonymized): {@code GET /v25.0/{waba-id}/phone_numbers?fields=id,display_phone_number,verified_name,
 * quality_rating,messaging_limit_tier} → {@code {"data":[{"id":"1234567890","display_phone_number":"+1 555-010-0199",
 * "verified_name":"Tenants Line","quality_rating":"GREEN","messaging_limit_tier":"TIER_1K"}],"paging":{…}}}.
 * Subscribing: {@code POST /v25.0/{waba-id}/subscribed_apps} with
 * {@code {"override_callback_uri":"https://host/hooks/…","verify_token":"…"}} — Meta calls the URL's verification
 * handshake before it answers {@code {"success":true}} — then {@code GET /v25.0/{waba-id}/subscribed_apps} →
 * {@code {"data":[{"whatsapp_business_api_data":{…},"override_callback_uri":"https://host/hooks/…"}]}} confirms it
 * (<a href="https://developers.facebook.com/docs/whatsapp/embedded-signup/webhooks/override">Webhook overrides</a>).
 */
final class WhatsAppNumbers implements NumberDirectory {
  static final int MAX_PAGES = 20;
  /** How long the number-id lookup used by sends is trusted; a miss reloads sooner (at most once a minute). */
  static final Duration CACHE_TTL = Duration.ofMinutes(10);
  static final Duration MISS_RELOAD = Duration.ofMinutes(1);
  private static final String FIELDS =
      "id,display_phone_number,verified_name,quality_rating,messaging_limit_tier,code_verification_status";
  private static final Pattern ID = Pattern.compile("[0-9]{1,32}");

  private final GraphClient graph;
  private final Clock clock;
  private final Logger log;
  private final Map<String, Cached> byAccount = new ConcurrentHashMap<>();

  private record Cached(Map<String, String> idsByAddress, Instant at) {
  }

  WhatsAppNumbers(GraphClient graph, Clock clock, Logger log) {
    this.graph = graph;
    this.clock = clock;
    this.log = log;
  }

  @Override
  public List<ProviderNumber> list(ChannelConfig config) throws ChannelException {
    WhatsAppAccount account = WhatsAppAccount.of(config);
    Optional<URI> webhook = subscribedCallback(account);
    List<ProviderNumber> numbers = new ArrayList<>();
    for (JsonNode item : phoneNumbers(account)) {
      number(item, webhook).ifPresent(numbers::add);
    }
    remember(account, numbers);
    log.info("whatsapp numbers: {} listed", numbers.size());
    return numbers;
  }

  @Override
  public ProviderNumber setWebhook(ChannelConfig config, ProviderNumber number, URI webhookUrl)
      throws ChannelException {
    WhatsAppAccount account = WhatsAppAccount.of(config);
    if (account.verifyToken().isEmpty()) {
      throw new ChannelException(FailureKind.CONFIG,
          "Set a verify token in the connector first: Meta checks the webhook with it");
    }
    ObjectNode body = MetaJson.newObject();
    body.put("override_callback_uri", webhookUrl.toString());
    body.put("verify_token", account.verifyToken());
    graph.postJson(account.uri("/" + account.wabaId() + "/subscribed_apps"), account.token(), MetaJson.write(body),
        "subscribing the app to the WhatsApp Business Account");
    Optional<URI> now = subscribedCallback(account);
    log.info("whatsapp webhook subscription: {}",
        now.map(u -> u.toString().equals(webhookUrl.toString())).orElse(false) ? "confirmed" : "not confirmed");
    return new ProviderNumber(number.providerRef(), number.address(), number.label(), number.kinds(), now);
  }

  /** The phone number id that sends from {@code hotline}, from a cached listing of the account. */
  String phoneNumberId(WhatsAppAccount account, Address hotline) throws ChannelException {
    String key = key(hotline);
    Cached cached = byAccount.get(account.cacheKey());
    Instant now = clock.instant();
    if (cached != null && cached.at().plus(CACHE_TTL).isAfter(now) && cached.idsByAddress().containsKey(key)) {
      return cached.idsByAddress().get(key);
    }
    if (cached == null || !cached.at().plus(MISS_RELOAD).isAfter(now) || !cached.at().plus(CACHE_TTL).isAfter(now)) {
      List<ProviderNumber> numbers = new ArrayList<>();
      for (JsonNode item : phoneNumbers(account)) {
        number(item, Optional.empty()).ifPresent(numbers::add);
      }
      cached = remember(account, numbers);
    }
    String id = cached.idsByAddress().get(key);
    if (id == null) {
      throw new ChannelException(FailureKind.CONFIG,
          "this number is not in the WhatsApp Business Account the connector uses");
    }
    return id;
  }

  private Cached remember(WhatsAppAccount account, List<ProviderNumber> numbers) {
    Map<String, String> ids = new ConcurrentHashMap<>();
    numbers.forEach(n -> ids.put(key(n.address()), n.providerRef()));
    Cached cached = new Cached(Map.copyOf(ids), clock.instant());
    byAccount.put(account.cacheKey(), cached);
    return cached;
  }

  private static String key(Address address) {
    return address.value();
  }

  private List<JsonNode> phoneNumbers(WhatsAppAccount account) throws ChannelException {
    List<JsonNode> items = new ArrayList<>();
    Optional<URI> page = Optional.of(account.uri("/" + account.wabaId() + "/phone_numbers?fields=" + FIELDS
        + "&limit=100"));
    for (int pages = 0; page.isPresent(); pages++) {
      if (pages == MAX_PAGES) {
        log.warn("whatsapp numbers: stopped after {} pages", MAX_PAGES);
        break;
      }
      JsonNode json = graph.get(page.get(), account.token(), "listing the account's phone numbers");
      json.path("data").forEach(items::add);
      page = GraphClient.next(account.root(), json);
    }
    return items;
  }

  /** The app's callback URL override on this WABA, if one is set. */
  private Optional<URI> subscribedCallback(WhatsAppAccount account) throws ChannelException {
    JsonNode json = graph.get(account.uri("/" + account.wabaId() + "/subscribed_apps"), account.token(),
        "reading the webhook subscription");
    for (JsonNode app : json.path("data")) {
      String url = MetaJson.text(app, "override_callback_uri").trim();
      if (!url.isEmpty()) {
        try {
          return Optional.of(URI.create(url));
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** One listed number: the display number as its address, and name, quality and tier as its label. */
  static Optional<ProviderNumber> number(JsonNode item, Optional<URI> webhook) {
    String id = MetaJson.text(item, "id").trim();
    String display = MetaJson.text(item, "display_phone_number").trim();
    if (!ID.matcher(id).matches() || display.isEmpty()) {
      return Optional.empty();
    }
    Address address;
    try {
      address = Address.whatsapp(display);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    List<String> label = new ArrayList<>();
    String name = GraphError.redact(MetaJson.text(item, "verified_name").strip());
    label.add(name.isEmpty() ? "WhatsApp number" : name);
    String quality = MetaJson.text(item, "quality_rating").strip().toUpperCase(Locale.ROOT);
    if (!quality.isEmpty()) {
      label.add("quality " + quality);
    }
    String tier = MetaJson.text(item, "messaging_limit_tier").strip();
    if (!tier.isEmpty()) {
      label.add(tier.replace("TIER_", "limit ").replace("_", " ").toLowerCase(Locale.ROOT));
    }
    return Optional.of(new ProviderNumber(id, address, String.join(" · ", label), Set.of("whatsapp"), webhook));
  }
}
