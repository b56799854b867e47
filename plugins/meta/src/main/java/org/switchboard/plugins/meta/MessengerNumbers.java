package org.switchboard.plugins.meta;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelException;
import org.switchboard.api.FailureKind;
import org.switchboard.api.HttpCall;
import org.switchboard.api.NumberDirectory;
import org.switchboard.api.ProviderNumber;

/**
 * The Page and its linked Instagram account as the connector's two "numbers", and the app's webhook subscription.
 *
 * <p>Listing (anonymized): {@code GET /v25.0/{page-id}?fields=id,name,instagram_business_account{id,username}} →
 * {@code {"id":"…","name":"Tenants Line","instagram_business_account":{"id":"1784…","username":"tenantsline"}}}.
 * Subscribing: {@code POST /v25.0/{app-id}/subscriptions} (app token; {@code object=page} or {@code instagram},
 * {@code callback_url}, {@code verify_token}, {@code fields}) — Meta calls the verification handshake first — then
 * {@code POST /v25.0/{page-id}/subscribed_apps?subscribed_fields=…} with the Page token; reading
 * {@code GET /v25.0/{app-id}/subscriptions} → {@code {"data":[{"object":"page","callback_url":"https://host/hooks/…",
 * "active":true,"fields":[…]}]}} confirms it (<a href="https://developers.facebook.com/docs/graph-api/reference/app/subscriptions/">
 * App subscriptions</a>).
 */
final class MessengerNumbers implements NumberDirectory {
  static final String PAGE_FIELDS = "messages,messaging_postbacks,message_deliveries,message_reads,"
      + "message_reactions,message_edits";
  static final String INSTAGRAM_FIELDS = "messages,messaging_postbacks,messaging_seen,message_reactions";

  private final GraphClient graph;
  private final Logger log;

  MessengerNumbers(GraphClient graph, Logger log) {
    this.graph = graph;
    this.log = log;
  }

  @Override
  public List<ProviderNumber> list(ChannelConfig config) throws ChannelException {
    MessengerAccount account = MessengerAccount.of(config);
    JsonNode page = graph.get(account.uri("/" + account.pageId()
        + "?fields=id,name,instagram_business_account%7Bid,username%7D"), account.pageToken(), "reading the Page");
    Map<String, URI> callbacks = callbacks(account);
    List<ProviderNumber> numbers = new ArrayList<>();
    String name = GraphError.redact(MetaJson.text(page, "name").strip());
    numbers.add(new ProviderNumber(account.pageId(), new Address(MessengerWebhook.MESSENGER, account.pageId()),
        name.isEmpty() ? "Facebook Page" : name, Set.of("messenger"),
        Optional.ofNullable(callbacks.get("page"))));
    JsonNode instagram = page.path("instagram_business_account");
    String igId = MetaJson.text(instagram, "id").trim();
    if (igId.matches("[0-9]{1,32}")) {
      String username = MetaJson.text(instagram, "username").strip();
      numbers.add(new ProviderNumber(igId, new Address(MessengerWebhook.INSTAGRAM, igId),
          username.isEmpty() ? "Instagram account" : "@" + username, Set.of("instagram"),
          Optional.ofNullable(callbacks.get("instagram"))));
    }
    log.info("messenger numbers: {} listed", numbers.size());
    return numbers;
  }

  @Override
  public ProviderNumber setWebhook(ChannelConfig config, ProviderNumber number, URI webhookUrl)
      throws ChannelException {
    MessengerAccount account = MessengerAccount.of(config);
    if (account.verifyToken().isEmpty()) {
      throw new ChannelException(FailureKind.CONFIG,
          "Set a verify token in the connector first: Meta checks the webhook with it");
    }
    boolean instagram = number.address().scheme().equals(MessengerWebhook.INSTAGRAM);
    String object = instagram ? "instagram" : "page";
    HttpCall subscribe = HttpCall.post(account.uri("/" + account.appId() + "/subscriptions"))
        .bearer(account.appToken())
        .form(List.of(Map.entry("object", object), Map.entry("callback_url", webhookUrl.toString()),
            Map.entry("verify_token", account.verifyToken()),
            Map.entry("fields", instagram ? INSTAGRAM_FIELDS : PAGE_FIELDS), Map.entry("include_values", "true")))
        .timeout(graph.timeout()).build();
    graph.json(graph.send(subscribe, "subscribing the app's webhook"), "subscribing the app's webhook");
    HttpCall page = HttpCall.post(account.uri("/" + account.pageId() + "/subscribed_apps"))
        .bearer(account.pageToken())
        .form(List.of(Map.entry("subscribed_fields", PAGE_FIELDS)))
        .timeout(graph.timeout()).build();
    graph.json(graph.send(page, "subscribing the Page to the app"), "subscribing the Page to the app");
    Optional<URI> now = Optional.ofNullable(callbacks(account).get(object));
    log.info("messenger webhook subscription ({}): {}", object,
        now.map(u -> u.toString().equals(webhookUrl.toString())).orElse(false) ? "confirmed" : "not confirmed");
    return new ProviderNumber(number.providerRef(), number.address(), number.label(), number.kinds(), now);
  }

  /** The app's callback URL for each object it is subscribed to. */
  private Map<String, URI> callbacks(MessengerAccount account) throws ChannelException {
    JsonNode json = graph.get(account.uri("/" + account.appId() + "/subscriptions"), account.appToken(),
        "reading the app's webhook subscriptions");
    Map<String, URI> callbacks = new java.util.HashMap<>();
    for (JsonNode item : json.path("data")) {
      String url = MetaJson.text(item, "callback_url").trim();
      if (!url.isEmpty() && item.path("active").asBoolean(true)) {
        try {
          callbacks.put(MetaJson.text(item, "object"), URI.create(url));
        } catch (IllegalArgumentException e) {
          log.info("messenger numbers: an unreadable callback URL ignored");
        }
      }
    }
    return callbacks;
  }
}
