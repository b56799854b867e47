package org.switchboard.plugins.signal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.switchboard.api.Address;
import org.switchboard.api.Channel;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.ChannelDescriptor;
import org.switchboard.api.ChannelDescriptor.Capability;
import org.switchboard.api.ChannelLimits;
import org.switchboard.api.DeviceLinking;
import org.switchboard.api.FailureKind;
import org.switchboard.api.Health;
import org.switchboard.api.HttpReply;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.InboundRequest;
import org.switchboard.api.InboundResult;
import org.switchboard.api.InboundStream;
import org.switchboard.api.MediaFetch;
import org.switchboard.api.MediaRef;
import org.switchboard.api.NumberDirectory;
import org.switchboard.api.OutboundMessage;
import org.switchboard.api.SendResult;

/**
 * Signal through the signal-cli REST bridge (bbernhard/signal-cli-rest-api), which runs beside Switchboard and holds
 * the hotline number's Signal keys.
 *
 * <p>Inbound arrives over a stream the server opens per number ({@link #stream()}): the bridge's websocket in
 * json-rpc mode, or polling in normal/native mode. Outbound goes to {@code POST /v2/send}; the timestamp it answers
 * is the message id that delivery and read receipts refer to. Group messages are ignored: a hotline talks to one
 * person at a time.
 */
@Extension
public final class SignalChannel implements Channel {
  static final String TYPE = "signal";
  /**
   * Signal clients send at most 2 KiB of text inline (Signal-Android {@code MessageUtil.MAX_INLINE_BODY_SIZE_BYTES});
   * longer text needs a "long text" attachment that not every bridge version produces, so 2000 characters.
   */
  static final int MAX_TEXT = 2000;
  /** Signal allows 100 MB per attachment; a hotline has no need for more than 25 MB, and base64 adds a third. */
  static final long MAX_MEDIA_BYTES = 25L * 1024 * 1024;
  static final ChannelLimits LIMITS = new ChannelLimits(MAX_TEXT, 10, MAX_MEDIA_BYTES, 1.0);
  private static final Pattern ATTACHMENT_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");

  private final HttpTransport http;
  private final Logger log;
  private final ObjectMapper json = new ObjectMapper();
  private final EnvelopeParser parser;
  private final SignalInboundStream stream;
  private final SignalNumberDirectory numbers;
  private final SignalDeviceLinking linking;

  /** The server's constructor: only what it exports. */
  @Inject
  public SignalChannel(HttpTransport http, Clock clock, Logger log) {
    this(http, clock, log, ReceiveTiming.DEFAULT);
  }

  /** Tests shorten the receive loop's backoff and pauses. */
  SignalChannel(HttpTransport http, Clock clock, Logger log, ReceiveTiming timing) {
    this.http = http;
    this.log = log;
    this.parser = new EnvelopeParser(json, clock);
    this.stream = new SignalInboundStream(http, json, parser, timing, log);
    this.numbers = new SignalNumberDirectory(http, json);
    this.linking = new SignalDeviceLinking(http, json);
  }

  @Override
  public ChannelDescriptor descriptor() {
    return DESCRIPTOR;
  }

  private static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(TYPE, "Signal (signal-cli bridge)",
      "Signal messages through a signal-cli REST bridge (bbernhard/signal-cli-rest-api) running next to "
          + "Switchboard, with the hotline number registered or linked in it. Direct messages only; groups are "
          + "ignored. Disappearing-message timers and safety-number changes are passed on.",
      SignalSettings.fields(),
      EnumSet.of(Capability.STREAM, Capability.MEDIA, Capability.DELIVERY_STATUS, Capability.NUMBER_DIRECTORY));

  @Override
  public InboundResult receive(InboundRequest request, ChannelConfig config) {
    // Nothing is read: Signal never calls a webhook here; it arrives over stream().
    return InboundResult.reject(404, "Signal connectors receive over the bridge stream, not webhooks");
  }

  @Override
  public SendResult send(OutboundMessage message, ChannelConfig config) {
    SignalSettings settings;
    try {
      settings = SignalSettings.from(config);
    } catch (IllegalArgumentException e) {
      return SendResult.failed(FailureKind.CONFIG, e.getMessage());
    }
    if (!Address.isE164(message.from().value())) {
      return SendResult.failed(FailureKind.CONFIG, "the sending Signal number is not in E.164 form");
    }
    if (!Address.SIGNAL.equals(message.to().scheme())) {
      return SendResult.failed(FailureKind.REJECTED, "not-signal", "the recipient is not a Signal address");
    }
    if (message.template().isPresent()) {
      log.debug("Signal has no templates; sending the message text");
    }
    HttpReply reply;
    try {
      reply = new BridgeClient(http, json, settings).send(SignalSendRequest.body(message, json));
    } catch (IOException e) {
      log.warn("Signal send {}: bridge unreachable ({})", message.reference(), e.getClass().getSimpleName());
      return SendResult.failed(FailureKind.CONNECTION,
          "Signal bridge unreachable at " + settings.hostAndPort());
    }
    SendResult result = SignalSendResponse.interpret(reply, json);
    if (result instanceof SendResult.Failed failed) {
      log.info("Signal send {}: HTTP {}, {} ({})", message.reference(), reply.status(), failed.kind(),
          failed.providerCode().orElse("-"));
    }
    return result;
  }

  @Override
  public Health check(ChannelConfig config) {
    SignalSettings settings;
    try {
      settings = SignalSettings.from(config);
    } catch (IllegalArgumentException e) {
      return Health.error("The Signal settings are incomplete: " + e.getMessage(),
          "Enter the bridge's address, e.g. " + SignalSettings.DEFAULT_BRIDGE_URL + ".");
    }
    BridgeClient client = new BridgeClient(http, json, settings);
    String where = settings.hostAndPort();
    BridgeClient.About about;
    List<String> accounts;
    try {
      client.health();
      about = client.about();
      accounts = client.accounts();
    } catch (IOException e) {
      return Health.error("Signal bridge unreachable at " + where,
          "Start the signal-cli REST bridge and check that Switchboard reaches it at the Bridge URL "
              + "(same internal network, right port).");
    } catch (BridgeException e) {
      return Health.error("The Bridge URL " + where + " does not answer like the signal-cli REST API ("
          + e.getMessage() + ")", "Check the Bridge URL and the bridge's version (0.85 or newer).");
    }
    if (accounts.isEmpty()) {
      return Health.error("No Signal number is registered or linked in the bridge",
          "Link or register the number: link the bridge as a secondary device of the hotline phone with the QR "
              + "code on this page, or register the number in the bridge (see docs/channels/signal.md).");
    }
    if (!settings.receiveMode().servedBy(about.mode())) {
      return HealthReporter.modeMismatchHealth(settings.receiveMode(), about.mode(), false);
    }
    String version = about.version().isEmpty() ? "" : " " + about.version();
    return Health.ok("Signal bridge" + version + " reachable in " + about.mode() + " mode; " + accounts.size()
        + (accounts.size() == 1 ? " number" : " numbers") + " registered");
  }

  @Override
  public ChannelLimits limits(Address channelAddress) {
    return LIMITS;
  }

  @Override
  public MediaFetch fetchMedia(MediaRef media, ChannelConfig config, long maxBytes) {
    SignalSettings settings;
    try {
      settings = SignalSettings.from(config);
    } catch (IllegalArgumentException e) {
      return new MediaFetch.Failed(FailureKind.CONFIG, e.getMessage());
    }
    String id = media.reference();
    if (!ATTACHMENT_ID.matcher(id).matches() || id.contains("..")) {
      return new MediaFetch.Failed(FailureKind.REJECTED, "not a Signal bridge attachment id");
    }
    HttpReply reply;
    try {
      reply = new BridgeClient(http, json, settings).attachment(id, maxBytes);
    } catch (org.switchboard.api.HttpTransport.ResponseTooLargeException e) {
      return new MediaFetch.Failed(FailureKind.REJECTED, "the attachment is larger than " + maxBytes + " bytes");
    } catch (IOException e) {
      return new MediaFetch.Failed(FailureKind.CONNECTION, "could not download the attachment from the Signal bridge");
    }
    if (reply.status() == 404) {
      return new MediaFetch.Failed(FailureKind.REJECTED, "the Signal bridge no longer has this attachment");
    }
    if (reply.status() >= 500) {
      return new MediaFetch.Failed(FailureKind.BAD_RESPONSE, "the Signal bridge failed (HTTP " + reply.status() + ")");
    }
    if (!reply.isSuccess()) {
      return new MediaFetch.Failed(FailureKind.REJECTED,
          "the Signal bridge refused the attachment (HTTP " + reply.status() + ")");
    }
    if (reply.body().length > maxBytes) {
      return new MediaFetch.Failed(FailureKind.REJECTED, "the attachment is larger than " + maxBytes + " bytes");
    }
    // The bridge sniffs the type from the bytes; the envelope's own type is the fallback.
    String type = reply.header("Content-Type").filter(t -> !t.isBlank())
        .orElse(media.contentType().orElse("application/octet-stream"));
    if (type.startsWith("application/octet-stream") && media.contentType().isPresent()) {
      type = media.contentType().get();
    }
    return new MediaFetch.Fetched(reply.body(), type, media.filename());
  }

  @Override
  public Optional<NumberDirectory> numbers() {
    return Optional.of(numbers);
  }

  @Override
  public Optional<InboundStream> stream() {
    return Optional.of(stream);
  }

  @Override
  public Optional<DeviceLinking> deviceLinking() {
    return Optional.of(linking);
  }
}
