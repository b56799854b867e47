package org.switchboard.plugins.signal;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelConfig;
import org.switchboard.api.Health;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.InboundSink;
import org.switchboard.api.InboundStream;

/** Opens one receive loop per Signal number: a websocket in json-rpc mode, polling in normal/native mode. */
final class SignalInboundStream implements InboundStream {
  private final HttpTransport http;
  private final ObjectMapper json;
  private final EnvelopeParser parser;
  private final ReceiveTiming timing;
  private final Logger log;

  SignalInboundStream(HttpTransport http, ObjectMapper json, EnvelopeParser parser, ReceiveTiming timing,
      Logger log) {
    this.http = http;
    this.json = json;
    this.parser = parser;
    this.timing = timing;
    this.log = log;
  }

  @Override
  public Subscription open(ChannelConfig config, Address channelAddress, InboundSink sink) {
    SignalSettings settings;
    try {
      settings = SignalSettings.from(config);
    } catch (IllegalArgumentException e) {
      sink.health(Health.error("The Signal connector's settings are incomplete: " + e.getMessage(),
          "Fix the settings and save; receiving starts then."));
      return () -> { };
    }
    if (!Address.SIGNAL.equals(channelAddress.scheme()) || !Address.isE164(channelAddress.value())) {
      sink.health(Health.error("A Signal number must be a phone number in E.164 form (+ and digits)",
          "Pick the number from the bridge's list of accounts."));
      return () -> { };
    }
    BridgeClient client = new BridgeClient(http, json, settings);
    log.info("Signal receive loop starting ({} mode)", settings.receiveMode().setting());
    if (settings.receiveMode() == ReceiveMode.POLLING) {
      return new PollingReceiver(client, json, channelAddress, sink, parser, timing, log).start("poll");
    }
    return new WebSocketReceiver(http, client, channelAddress, sink, parser, timing, log).start("ws");
  }
}
