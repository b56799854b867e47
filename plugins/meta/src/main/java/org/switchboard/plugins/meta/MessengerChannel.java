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

/**
 * Messenger and Instagram direct messages through a Facebook Page: the Page and its linked Instagram professional
 * account are the connector's two lines, on the same Graph API webhooks as WhatsApp.
 *
 * <p>Inbound webhook example (anonymized), with {@code X-Hub-Signature-256: sha256=…}:
 * {@code {"object":"instagram","entry":[{"id":"<ig-id>","time":1767261600000,"messaging":[{"sender":{"id":"<igsid>"},
 * "recipient":{"id":"<ig-id>"},"timestamp":1767261600000,"message":{"mid":"aWdf…","text":"Hello"}}]}]}}.
 */
@Extension
public final class MessengerChannel implements Channel {
  public static final String TYPE = "messenger";
  static final Duration API_TIMEOUT = Duration.ofSeconds(15);
  static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(45);

  /**
   * Messenger takes 2000 characters of text (Instagram 1000: Meta refuses longer ones), one attachment a message
   * (25 MB; Instagram 8 MB images), and answers within 24 hours of the person's last message
   * (https://developers.facebook.com/docs/messenger-platform/policy/policy-overview#24hours_window).
   */
  static final ChannelLimits MESSENGER = new ChannelLimits(2000, 1, 25L * 1024 * 1024, 10.0)
      .withReplyWindow(Duration.ofHours(24));
  static final ChannelLimits INSTAGRAM = new ChannelLimits(1000, 1, 8L * 1024 * 1024, 10.0)
      .withReplyWindow(Duration.ofHours(24));

  static final String TOKEN_FIX = "Generate a new Page access token (App Dashboard → Messenger → Settings → "
      + "Access tokens, or a system user's token for the Page with pages_messaging and instagram_manage_messages), "
      + "paste it into the connector and save.";

  private static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(TYPE, "Messenger and Instagram (Meta)",
      "Direct messages to your Facebook Page and its linked Instagram account.",
      List.of(
          ConfigField.text("pageId", "Page ID",
              "Your Page → About → Page transparency, or Meta Business Suite → Settings → Business assets → Pages."),
          ConfigField.secret("pageAccessToken", "Page access token",
              "A Page token with pages_messaging (and instagram_basic, instagram_manage_messages for Instagram): "
                  + "App Dashboard → Messenger → Settings → Access tokens, or a system user's token for the Page."),
          ConfigField.text("appId", "App ID", "App Dashboard → App settings → Basic → App ID."),
          ConfigField.secret("appSecret", "App secret",
              "App Dashboard → App settings → Basic → App secret. It verifies Meta's webhooks."),
          ConfigField.secret("verifyToken", "Verify token",
              "A long phrase you choose; Switchboard sets it with the webhook, or paste it "
                  + "with the webhook URL in App Dashboard → Messenger → Settings → Webhooks."),
          ConfigField.url("apiBaseUrl", "Graph API address", "Leave as it is.", GraphSettings.DEFAULT_API),
          new ConfigField("apiVersion", "Graph API version", ConfigField.Type.TEXT, false,
              "Leave as it is unless Meta retired this version.", GraphSettings.DEFAULT_VERSION)),
      Set.of(Capability.WEBHOOKS, Capability.NUMBER_DIRECTORY, Capability.MEDIA, Capability.DELIVERY_STATUS));

  private final Clock clock;
  private final Logger log;
  private final MessengerNumbers numbers;
  private final MessengerSender sender;
  private final MetaMedia media;
  private final GraphHealth health;

  @Inject
  public MessengerChannel(HttpTransport http, Clock clock, Logger log) {
    this(http, clock, log, API_TIMEOUT, MEDIA_TIMEOUT);
  }

  MessengerChannel(HttpTransport http, Clock clock, Logger log, Duration apiTimeout, Duration mediaTimeout) {
    Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
    this.numbers = new MessengerNumbers(new GraphClient(http, log, apiTimeout), log);
    this.sender = new MessengerSender(http, clock, log, apiTimeout);
    this.media = new MetaMedia(http, log, mediaTimeout, apiTimeout);
    this.health = new GraphHealth(http, log, apiTimeout);
  }

  @Override
  public ChannelDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public ChannelLimits limits(Address channelAddress) {
    return MessengerWebhook.INSTAGRAM.equals(channelAddress.scheme()) ? INSTAGRAM : MESSENGER;
  }

  @Override
  public InboundResult receive(InboundRequest request, ChannelConfig config) {
    MessengerAccount account;
    try {
      account = MessengerAccount.of(config);
    } catch (ChannelException e) {
      log.warn("messenger webhook refused: connector settings incomplete");
      return InboundResult.reject(403, "connector is not fully configured");
    }
    return GraphWebhook.receive(request, account.appSecret(), account.verifyToken(), log,
        root -> MessengerWebhook.parse(root, clock.instant(), log));
  }

  @Override
  public SendResult send(OutboundMessage message, ChannelConfig config) {
    try {
      return sender.send(message, MessengerAccount.of(config), limits(message.from()));
    } catch (ChannelException e) {
      log.warn("messenger send {} refused: connector settings incomplete", message.reference());
      return SendResult.failed(e.kind(), e.getMessage());
    }
  }

  @Override
  public Health check(ChannelConfig config) {
    try {
      MessengerAccount account = MessengerAccount.of(config);
      return health.check(account.uri("/" + account.pageId() + "?fields=id,name"), account.pageToken(), "Page",
          TOKEN_FIX);
    } catch (ChannelException e) {
      return Health.error(e.getMessage(), "Complete the connector settings and save them.");
    }
  }

  @Override
  public MediaFetch fetchMedia(MediaRef ref, ChannelConfig config, long maxBytes) {
    return media.link(ref, maxBytes);
  }

  @Override
  public Optional<NumberDirectory> numbers() {
    return Optional.of(numbers);
  }

  @Override
  public String toString() {
    return "MessengerChannel";
  }
}
