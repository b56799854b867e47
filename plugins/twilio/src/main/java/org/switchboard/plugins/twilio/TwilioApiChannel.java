package org.switchboard.plugins.twilio;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.switchboard.api.Channel;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelException;
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
 * A channel over Twilio's 2010-04-01 Messaging API, which SignalWire also speaks: the webhook, send, check,
 * media and number code both extensions share. Subclasses say only how a connector's settings become a
 * {@link TwilioAccount}.
 */
abstract class TwilioApiChannel implements Channel {
  /** API calls wait at most this long; the server retries failed sends. */
  static final Duration API_TIMEOUT = Duration.ofSeconds(15);
  /** Attachments can be large (MMS 5 MB, WhatsApp up to 16 MB). */
  static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(45);

  private final Clock clock;
  private final Logger log;
  private final TwilioSender sender;
  private final TwilioHealthCheck health;
  private final TwilioMedia media;
  private final TwilioNumbers numbers;

  TwilioApiChannel(HttpTransport http, Clock clock, Logger log, Duration apiTimeout, Duration mediaTimeout) {
    Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
    this.sender = new TwilioSender(http, clock, log, apiTimeout);
    this.health = new TwilioHealthCheck(http, log, apiTimeout);
    this.media = new TwilioMedia(http, log, mediaTimeout);
    this.numbers = new TwilioNumbers(http, log, apiTimeout, this::account);
  }

  /** This provider's view of a connector's settings; fails naming the setting that is missing or wrong. */
  abstract TwilioAccount account(ChannelConfig config) throws ChannelException;

  /** How the "Test connection" result names this provider's credentials. */
  abstract TwilioHealthCheck.Credentials credentials();

  @Override
  public InboundResult receive(InboundRequest request, ChannelConfig config) {
    TwilioAccount account;
    try {
      account = account(config);
    } catch (ChannelException e) {
      log.warn("{} webhook refused: connector settings incomplete", descriptor().type());
      return InboundResult.reject(403, "connector is not fully configured");
    }
    List<String> signatures = new ArrayList<>();
    for (String header : account.signatureHeaders()) {
      request.header(header).ifPresent(signatures::add);
    }
    if (signatures.isEmpty()) {
      log.info("{} webhook rejected: missing signature", account.provider());
      return InboundResult.reject(403, "missing request signature");
    }
    // Twilio signs a POST's form parameters; a GET carries them in the URL, which is signed as it stands.
    boolean get = request.method().equals("GET");
    Map<String, List<String>> signed;
    Map<String, List<String>> params;
    try {
      signed = get ? Map.of() : request.formParams();
      params = get ? request.queryParams() : signed;
    } catch (IllegalArgumentException malformed) {
      log.info("{} webhook rejected: undecodable body", account.provider());
      return InboundResult.reject(403, "invalid request signature");
    }
    if (!TwilioSignature.verify(account.signingKey(), request.publicUrl(), signed, signatures)) {
      log.info("{} webhook rejected: invalid signature", account.provider());
      return InboundResult.reject(403, "invalid request signature");
    }
    InboundResult result = TwilioWebhookParser.parse(request.subPath(), params, account.accountSid(),
        clock.instant());
    if (result instanceof InboundResult.Rejected rejected) {
      log.info("{} webhook rejected: {} {}", account.provider(), rejected.status(), rejected.reason());
    } else if (result instanceof InboundResult.Accepted accepted) {
      log.debug("{} webhook accepted: {} event(s)", account.provider(), accepted.events().size());
    }
    return result;
  }

  @Override
  public SendResult send(OutboundMessage message, ChannelConfig config) {
    try {
      return sender.send(message, config, account(config));
    } catch (ChannelException e) {
      log.warn("{} send {} refused: connector settings incomplete", descriptor().type(), message.reference());
      return SendResult.failed(e.kind(), e.getMessage());
    }
  }

  @Override
  public Health check(ChannelConfig config) {
    try {
      return health.check(account(config), credentials());
    } catch (ChannelException e) {
      return Health.error(e.getMessage(), "Complete the connector settings and save them.");
    }
  }

  @Override
  public MediaFetch fetchMedia(MediaRef ref, ChannelConfig config, long maxBytes) {
    try {
      return media.fetch(ref, account(config), maxBytes);
    } catch (ChannelException e) {
      return new MediaFetch.Failed(e.kind(), e.getMessage());
    }
  }

  @Override
  public Optional<NumberDirectory> numbers() {
    return Optional.of(numbers);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName();
  }
}
