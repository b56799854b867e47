package org.switchboard.plugins.meta;

import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.switchboard.api.Address;
import org.switchboard.api.Channel;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelDescriptor;
import org.switchboard.api.ChannelDescriptor.Capability;
import org.switchboard.api.ChannelException;
import org.switchboard.api.ChannelLimits;
import org.switchboard.api.ConfigField;
import org.switchboard.api.Health;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.InboundRequest;
import org.switchboard.api.InboundResult;
import org.switchboard.api.MediaFetch;
import org.switchboard.api.MediaRef;
import org.switchboard.api.NumberDirectory;
import org.switchboard.api.OutboundMessage;
import org.switchboard.api.SendResult;
import org.switchboard.api.TemplateDirectory;

/**
 * WhatsApp through Meta's Cloud API: a WhatsApp Business Account's numbers, webhooks signed with the app secret,
 * text, media, locations, contacts, button replies and reactions in; text, media, replies and approved templates
 * out, with the 24-hour customer-service window honored.
 *
 * <p>Inbound webhook example (anonymized), posted to {@code /hooks/{token}} with
 * {@code X-Hub-Signature-256: sha256=…}: {@code {"object":"whatsapp_business_account","entry":[{"changes":[{"field":
 * "messages","value":{"metadata":{"display_phone_number":"15550100199","phone_number_id":"1234567890"},"messages":
 * [{"from":"15550100100","id":"wamid.HBg…","timestamp":"1767261600","type":"text","text":{"body":"Hello"}}]}}]}]}}.
 */
@Extension
public final class WhatsAppChannel implements Channel {
  public static final String TYPE = "whatsapp-cloud";
  static final Duration API_TIMEOUT = Duration.ofSeconds(15);
  /** Video and documents can be large; the download and the upload get longer. */
  static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(45);
  static final Duration REPLY_WINDOW = Duration.ofHours(24);

  /**
   * 4096 characters of text, one media item a message, 16 MB (audio and video; Meta refuses images over 5 MB), and
   * 20 messages a second per number, well inside the Cloud API's default 80
   * (https://developers.facebook.com/docs/whatsapp/cloud-api/overview#throughput); free text only within 24 hours of
   * the person's last message.
   */
  static final ChannelLimits LIMITS = new ChannelLimits(4096, 1, 16L * 1024 * 1024, 20.0)
      .withReplyWindow(REPLY_WINDOW);

  static final String TOKEN_FIX = "Create a new system-user token in Meta Business Suite (Business settings → "
      + "Users → System users → Generate new token, with whatsapp_business_messaging and "
      + "whatsapp_business_management), paste it into the connector and save.";

  private static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(TYPE, "WhatsApp (Meta Cloud API)",
      "WhatsApp Business numbers through Meta's own Cloud API: no Twilio account needed.",
      List.of(
          ConfigField.text("businessAccountId", "WhatsApp Business Account ID",
              "Meta Business Suite → Business settings → Accounts → WhatsApp accounts: the ID of the account "
                  + "(also on the App Dashboard under WhatsApp → API Setup)."),
          ConfigField.secret("accessToken", "Access token",
              "A system user's permanent token with whatsapp_business_messaging and whatsapp_business_management: "
                  + "Business settings → Users → System users → Generate new token."),
          ConfigField.secret("appSecret", "App secret",
              "App Dashboard → App settings → Basic → App secret. It verifies Meta's webhooks."),
          ConfigField.secret("verifyToken", "Verify token",
              "A long phrase you choose. Switchboard sets it when it subscribes the webhook; "
                  + "to do it by hand, paste it with the webhook URL in App Dashboard → WhatsApp → Configuration."),
          ConfigField.url("apiBaseUrl", "Graph API address", "Leave as it is.", GraphSettings.DEFAULT_API),
          new ConfigField("apiVersion", "Graph API version", ConfigField.Type.TEXT, false,
              "Leave as it is unless Meta retired this version.", GraphSettings.DEFAULT_VERSION)),
      Set.of(Capability.WEBHOOKS, Capability.NUMBER_DIRECTORY, Capability.MEDIA, Capability.DELIVERY_STATUS,
          Capability.TEMPLATES));

  private final Clock clock;
  private final Logger log;
  private final WhatsAppNumbers numbers;
  private final WhatsAppTemplates templates;
  private final WhatsAppSender sender;
  private final MetaMedia media;
  private final GraphHealth health;

  @Inject
  public WhatsAppChannel(HttpTransport http, Clock clock, Logger log) {
    this(http, clock, log, API_TIMEOUT, MEDIA_TIMEOUT);
  }

  WhatsAppChannel(HttpTransport http, Clock clock, Logger log, Duration apiTimeout, Duration mediaTimeout) {
    Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
    GraphClient graph = new GraphClient(http, log, apiTimeout);
    this.numbers = new WhatsAppNumbers(graph, clock, log);
    this.templates = new WhatsAppTemplates(graph, clock, log);
    this.sender = new WhatsAppSender(http, clock, log, apiTimeout, mediaTimeout, numbers, templates);
    this.media = new MetaMedia(http, log, mediaTimeout, apiTimeout);
    this.health = new GraphHealth(http, log, apiTimeout);
  }

  @Override
  public ChannelDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public ChannelLimits limits(Address channelAddress) {
    return LIMITS;
  }

  @Override
  public InboundResult receive(InboundRequest request, ChannelConfig config) {
    WhatsAppAccount account;
    try {
      account = WhatsAppAccount.of(config);
    } catch (ChannelException e) {
      log.warn("whatsapp webhook refused: connector settings incomplete");
      return InboundResult.reject(403, "connector is not fully configured");
    }
    return GraphWebhook.receive(request, account.appSecret(), account.verifyToken(), log,
        root -> WhatsAppWebhook.parse(root, clock.instant(), log));
  }

  @Override
  public SendResult send(OutboundMessage message, ChannelConfig config) {
    try {
      return sender.send(message, WhatsAppAccount.of(config), limits(message.from()));
    } catch (ChannelException e) {
      log.warn("whatsapp send {} refused: connector settings incomplete", message.reference());
      return SendResult.failed(e.kind(), e.getMessage());
    }
  }

  @Override
  public Health check(ChannelConfig config) {
    try {
      WhatsAppAccount account = WhatsAppAccount.of(config);
      return health.check(account.uri("/" + account.wabaId() + "?fields=id,name"), account.token(),
          "WhatsApp Business Account", TOKEN_FIX);
    } catch (ChannelException e) {
      return Health.error(e.getMessage(), "Complete the connector settings and save them.");
    }
  }

  @Override
  public MediaFetch fetchMedia(MediaRef ref, ChannelConfig config, long maxBytes) {
    try {
      return media.whatsApp(ref, WhatsAppAccount.of(config), maxBytes);
    } catch (ChannelException e) {
      return new MediaFetch.Failed(e.kind(), e.getMessage());
    }
  }

  @Override
  public Optional<NumberDirectory> numbers() {
    return Optional.of(numbers);
  }

  @Override
  public Optional<TemplateDirectory> templates() {
    return Optional.of(templates);
  }

  @Override
  public String toString() {
    return "WhatsAppChannel";
  }
}
