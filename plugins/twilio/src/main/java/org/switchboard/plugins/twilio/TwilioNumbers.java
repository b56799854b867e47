package org.switchboard.plugins.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelException;
import org.switchboard.api.FailureKind;
import org.switchboard.api.HttpCall;
import org.switchboard.api.HttpReply;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.NumberDirectory;
import org.switchboard.api.ProviderNumber;

/**
 * Lists an account's phone numbers and WhatsApp senders and points their inbound webhooks at Switchboard.
 *
 * <p>Phone numbers (anonymized): {@code GET /2010-04-01/Accounts/AC…/IncomingPhoneNumbers.json} →
 * {@code {"incoming_phone_numbers":[{"sid":"PN…","phone_number":"+15550100","friendly_name":"Helpline",
 * "capabilities":{"sms":true,"mms":true},"sms_url":"https://host/hooks/t"}],"next_page_uri":null}}.
 * WhatsApp senders (Twilio only): {@code GET https://messaging.twilio.com/v2/Channels/Senders?Channel=whatsapp} →
 * {@code {"senders":[{"sid":"XE…","sender_id":"whatsapp:+15550100","status":"ONLINE",
 * "webhook":{"callback_url":"https://host/hooks/t"}}],"meta":{"next_page_url":null}}}.
 */
final class TwilioNumbers implements NumberDirectory {
  /** Enough for any hotline (2,000 numbers at 100 a page); stops a paging loop from running forever. */
  static final int MAX_PAGES = 20;
  private static final Pattern REF = Pattern.compile("[A-Za-z0-9-]{2,64}");

  private final HttpTransport http;
  private final Logger log;
  private final Duration timeout;
  private final TwilioAccount.Resolver accounts;

  TwilioNumbers(HttpTransport http, Logger log, Duration timeout, TwilioAccount.Resolver accounts) {
    this.http = http;
    this.log = log;
    this.timeout = timeout;
    this.accounts = accounts;
  }

  @Override
  public List<ProviderNumber> list(ChannelConfig config) throws ChannelException {
    TwilioAccount account = accounts.resolve(config);
    List<ProviderNumber> numbers = new ArrayList<>(phoneNumbers(account));
    if (account.messagingBase().isPresent()) {
      numbers.addAll(whatsAppSenders(account, account.messagingBase().get()));
    }
    log.info("{} numbers: {} listed", account.provider(), numbers.size());
    return numbers;
  }

  @Override
  public ProviderNumber setWebhook(ChannelConfig config, ProviderNumber number, URI webhookUrl)
      throws ChannelException {
    TwilioAccount account = accounts.resolve(config);
    String ref = number.providerRef().trim();
    if (!REF.matcher(ref).matches()) {
      throw new ChannelException(FailureKind.CONFIG, "this is not a " + account.provider() + " number id");
    }
    ProviderNumber updated = account.messagingBase().isPresent() && ref.startsWith("XE")
        ? setSenderWebhook(account, account.messagingBase().get(), ref, webhookUrl)
        : setNumberWebhook(account, ref, webhookUrl);
    boolean kept = updated.inboundWebhook().map(u -> u.toString().equals(webhookUrl.toString())).orElse(false);
    log.info("{} webhook set on {}: {}", account.provider(), ref, kept ? "confirmed" : "not confirmed");
    return updated;
  }

  private List<ProviderNumber> phoneNumbers(TwilioAccount account) throws ChannelException {
    List<ProviderNumber> numbers = new ArrayList<>();
    URI page = account.accountUri("/IncomingPhoneNumbers.json?PageSize=100");
    for (int pages = 0; page != null; pages++) {
      if (pages == MAX_PAGES) {
        log.warn("{} numbers: stopped after {} pages", account.provider(), MAX_PAGES);
        break;
      }
      JsonNode json = json(account, "listing phone numbers", get(account, page, true));
      for (JsonNode item : json.path("incoming_phone_numbers")) {
        phoneNumber(item).ifPresent(numbers::add);
      }
      page = nextPage(account.apiBase(), TwilioJson.text(json, "next_page_uri"));
    }
    return numbers;
  }

  private List<ProviderNumber> whatsAppSenders(TwilioAccount account, URI base) throws ChannelException {
    List<ProviderNumber> senders = new ArrayList<>();
    URI page = URI.create(base + "/v2/Channels/Senders?Channel=whatsapp&PageSize=100");
    for (int pages = 0; page != null; pages++) {
      if (pages == MAX_PAGES) {
        log.warn("{} senders: stopped after {} pages", account.provider(), MAX_PAGES);
        break;
      }
      HttpReply reply = get(account, page, true);
      if (pages == 0 && (reply.status() == 401 || reply.status() == 403 || reply.status() == 404)) {
        // Accounts without WhatsApp (or keys without access to the Messaging API) still list their numbers.
        log.info("{} senders: not available (HTTP {})", account.provider(), reply.status());
        return senders;
      }
      JsonNode json = json(account, "listing WhatsApp senders", reply);
      for (JsonNode item : json.path("senders")) {
        sender(item).ifPresent(senders::add);
      }
      page = sameOrigin(base, TwilioJson.url(json.path("meta"), "next_page_url"));
    }
    return senders;
  }

  private ProviderNumber setNumberWebhook(TwilioAccount account, String ref, URI webhookUrl)
      throws ChannelException {
    URI uri = account.accountUri("/IncomingPhoneNumbers/" + ref + ".json");
    HttpCall update = account.authorize(HttpCall.post(uri))
        .form(List.of(Map.entry("SmsUrl", webhookUrl.toString()), Map.entry("SmsMethod", "POST")))
        .timeout(timeout).build();
    json(account, "setting the number's webhook", send(account, update));
    JsonNode current = json(account, "reading the number back", get(account, uri, false));
    if (!TwilioJson.text(current, "sms_application_sid").isBlank()) {
      throw new ChannelException(FailureKind.CONFIG, "This number's messages go to a TwiML App, which overrides "
          + "its webhook: remove the app from the number in the " + account.provider() + " console, then retry");
    }
    return phoneNumber(current).orElseThrow(() -> new ChannelException(FailureKind.BAD_RESPONSE,
        account.provider() + " answered without the number's details"));
  }

  private ProviderNumber setSenderWebhook(TwilioAccount account, URI base, String ref, URI webhookUrl)
      throws ChannelException {
    URI uri = URI.create(base + "/v2/Channels/Senders/" + ref);
    ObjectNode body = TwilioJson.newObject();
    ObjectNode webhook = body.putObject("webhook");
    webhook.put("callback_url", webhookUrl.toString());
    webhook.put("callback_method", "POST");
    webhook.put("status_callback_url", TwilioSender.statusUrl(webhookUrl));
    webhook.put("status_callback_method", "POST");
    HttpCall update = account.authorize(HttpCall.post(uri)).json(TwilioJson.write(body)).timeout(timeout).build();
    json(account, "setting the WhatsApp sender's webhook", send(account, update));
    JsonNode current = json(account, "reading the WhatsApp sender back", get(account, uri, false));
    return sender(current).orElseThrow(() -> new ChannelException(FailureKind.BAD_RESPONSE,
        account.provider() + " answered without the sender's details"));
  }

  static Optional<ProviderNumber> phoneNumber(JsonNode item) {
    String sid = TwilioJson.text(item, "sid").trim();
    String phone = TwilioJson.text(item, "phone_number").trim();
    if (sid.isEmpty() || phone.isEmpty()) {
      return Optional.empty();
    }
    Set<String> kinds = new LinkedHashSet<>();
    JsonNode capabilities = item.path("capabilities");
    if (TwilioJson.flag(capabilities, "sms")) {
      kinds.add("sms");
    }
    if (TwilioJson.flag(capabilities, "mms")) {
      kinds.add("mms");
    }
    try {
      return Optional.of(new ProviderNumber(sid, TwilioAddresses.parse(phone, false),
          label(TwilioJson.text(item, "friendly_name")), kinds, TwilioJson.url(item, "sms_url")));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static Optional<ProviderNumber> sender(JsonNode item) {
    String sid = TwilioJson.text(item, "sid").trim();
    String senderId = TwilioJson.text(item, "sender_id").trim();
    if (sid.isEmpty() || !TwilioAddresses.isWhatsApp(senderId)) {
      return Optional.empty();
    }
    String name = TwilioJson.text(item.path("profile"), "name").strip();
    String status = TwilioJson.text(item, "status").strip();
    String label = (name.isEmpty() ? "WhatsApp sender" : name)
        + (status.isEmpty() || status.equals("ONLINE") ? "" : " (" + status + ")");
    try {
      return Optional.of(new ProviderNumber(sid, TwilioAddresses.parse(senderId, true), label, Set.of("whatsapp"),
          TwilioJson.url(item.path("webhook"), "callback_url")));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A number's friendly name, unless it is just the number again (Twilio's default, e.g. "(555) 555-0100"):
   * {@link ProviderNumber#toString()} shows the label, and numbers stay out of logs.
   */
  private static String label(String friendlyName) {
    String name = friendlyName.strip();
    return TwilioErrors.redact(name).equals(name) ? name : "";
  }

  /**
   * Resolves Twilio's relative {@code next_page_uri} against the API origin. SignalWire's start with its
   * {@code /api/laml} prefix, Twilio's do not; the prefix is added when missing.
   */
  static URI nextPage(URI apiBase, String next) {
    if (next == null || next.isBlank()) {
      return null;
    }
    String origin = apiBase.getScheme() + "://" + apiBase.getRawAuthority();
    String prefix = Objects.requireNonNullElse(apiBase.getRawPath(), "");
    try {
      if (next.startsWith("http://") || next.startsWith("https://")) {
        return sameOrigin(apiBase, Optional.of(URI.create(next)));
      }
      if (!next.startsWith("/")) {
        return null;
      }
      return URI.create(origin + (!prefix.isEmpty() && next.startsWith(prefix + "/") ? "" : prefix) + next);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A paging link, only when it stays on the API's origin (the credential goes with it). */
  private static URI sameOrigin(URI base, Optional<URI> next) {
    return next.filter(uri -> Objects.equals(uri.getScheme(), base.getScheme())
        && Objects.equals(uri.getRawAuthority(), base.getRawAuthority())).orElse(null);
  }

  private HttpReply get(TwilioAccount account, URI uri, boolean listing) throws ChannelException {
    return send(account, account.authorize(HttpCall.get(uri)).timeout(timeout)
        .maxResponseBytes(listing ? 4L << 20 : HttpCall.DEFAULT_MAX_RESPONSE_BYTES).build());
  }

  private HttpReply send(TwilioAccount account, HttpCall call) throws ChannelException {
    try {
      return http.send(call);
    } catch (IOException e) {
      log.warn("{} numbers: could not connect ({})", account.provider(), e.getClass().getSimpleName());
      throw new ChannelException(FailureKind.CONNECTION, "Could not reach " + call.uri().getHost() + " ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** The reply's JSON object, or a failure an admin can read. */
  private JsonNode json(TwilioAccount account, String doing, HttpReply reply) throws ChannelException {
    Optional<JsonNode> json = TwilioJson.object(reply.body());
    int status = reply.status();
    if (reply.isSuccess()) {
      return json.orElseThrow(() -> new ChannelException(FailureKind.BAD_RESPONSE,
          account.provider() + " answered something unexpected while " + doing));
    }
    log.warn("{} numbers: HTTP {} while {}", account.provider(), status, doing);
    String code = TwilioErrors.code(json);
    String prefix = account.provider() + " refused " + doing + " (HTTP " + status + ")";
    if (status == 401 || status == 403 || code.equals(TwilioErrors.AUTHENTICATION)) {
      throw new ChannelException(FailureKind.CONFIG, prefix + ": check the connector's credentials");
    }
    if (status == 429) {
      throw new ChannelException(FailureKind.THROTTLED, prefix + ": too many requests, try again shortly");
    }
    if (status >= 500) {
      throw new ChannelException(FailureKind.BAD_RESPONSE, account.provider() + " had a server error while "
          + doing + " (HTTP " + status + "); try again later");
    }
    if (status == 404) {
      throw new ChannelException(FailureKind.CONFIG, prefix + ": not found in this account");
    }
    String detail = code.isEmpty() ? ""
        : ": " + TwilioErrors.reason(account.provider(), code, TwilioJson.text(json.get(), "message"));
    throw new ChannelException(FailureKind.REJECTED, prefix + detail);
  }
}
