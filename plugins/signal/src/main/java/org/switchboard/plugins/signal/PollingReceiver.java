package org.switchboard.plugins.signal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.switchboard.api.Address;
import org.switchboard.api.HttpReply;
import org.switchboard.api.InboundSink;

/**
 * Receives by polling {@code GET /v1/receive/{number}?timeout=N} (the bridge's normal and native modes). Every
 * call drains the bridge's queue, so the next call starts only once the previous answer's events are stored.
 *
 * <p>Example answer (anonymized):
 * <pre>[{"envelope":{"sourceUuid":"0b0e…","timestamp":1785492000000,"dataMessage":{"message":"hi",
 *   "expiresInSeconds":0}},"account":"+15550001000"}]</pre>
 */
final class PollingReceiver extends ReceiveLoop {
  private final ObjectMapper json;

  PollingReceiver(BridgeClient client, ObjectMapper json, Address account, InboundSink sink, EnvelopeParser parser,
      ReceiveTiming timing, Logger log) {
    super(client, account, sink, parser, timing, log);
    this.json = json;
  }

  @Override
  protected void loop() {
    Duration wait = client.settings().pollInterval();
    Duration idlePause = timing.idlePollPause().orElse(wait);
    while (!closed()) {
      long started = System.nanoTime();
      HttpReply reply;
      try {
        reply = client.receive(account.value(), (int) wait.toSeconds());
      } catch (IOException e) {
        if (closed()) {
          return;
        }
        health.unreachable();
        log.warn("Signal bridge unreachable ({})", e.getClass().getSimpleName());
        if (!backOff("poll failed")) {
          return;
        }
        continue;
      }
      if (closed()) {
        return;
      }
      if (reply.status() != 200) {
        if (!failed(reply)) {
          return;
        }
        continue;
      }
      List<EnvelopeParser.Frame> frames;
      try {
        frames = parser.parseBatch(reply.bodyText(), account);
      } catch (IOException e) {
        health.badAnswer(reply.status());
        log.warn("Signal bridge answered a poll with something that is not a JSON array");
        if (!backOff("unreadable poll answer")) {
          return;
        }
        continue;
      }
      health.ok("Receiving Signal messages from the bridge (polling)");
      backoff.reset();
      deliver(frames);
      if (frames.isEmpty()) {
        // A bridge that answers at once when idle must not be polled in a tight loop.
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (elapsed.compareTo(idlePause) < 0 && !pause(idlePause.minus(elapsed))) {
          return;
        }
      }
    }
  }

  /** Reports a non-200 poll answer; returns whether the loop should go on. */
  private boolean failed(HttpReply reply) {
    BridgeException error = BridgeErrors.failure(reply, json);
    switch (error.kind()) {
      case BridgeErrors.ACCOUNT_NOT_REGISTERED:
        health.notRegistered();
        log.warn("Signal bridge says this connector's number is not registered");
        break;
      case BridgeErrors.NOT_WEBSOCKET:
        health.modeMismatch(ReceiveMode.POLLING, "json-rpc");
        log.warn("Signal bridge runs in json-rpc mode: its receive endpoint is a websocket, not a poll");
        break;
      default:
        health.badAnswer(reply.status());
        log.warn("Signal bridge answered a poll with HTTP {}", reply.status());
    }
    return backOff("poll refused");
  }
}
