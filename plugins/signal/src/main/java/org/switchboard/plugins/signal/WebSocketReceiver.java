package org.switchboard.plugins.signal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.switchboard.api.Address;
import org.switchboard.api.HttpTransport;
import org.switchboard.api.HttpTransport.WebSocketConnection;
import org.switchboard.api.InboundSink;

/**
 * Receives over the bridge's websocket ({@code ws://bridge/v1/receive/{number}}, json-rpc mode), reconnecting with
 * jittered exponential backoff whenever it drops.
 *
 * <p>Each text frame is the JSON-RPC {@code params} of one signal-cli {@code receive} notification (anonymized):
 * <pre>{"envelope":{"sourceUuid":"0b0e…","timestamp":1785492000000,"receiptMessage":{"isDelivery":true,
 *   "timestamps":[1785491000000]}},"account":"+15550001000"}</pre>
 * or an error frame {@code {"error":"…"}}, which is logged (without its text) while the socket stays open. Frames
 * are handled one at a time on the loop thread, each stored before the next, so their order is kept.
 */
final class WebSocketReceiver extends ReceiveLoop {
  private final HttpTransport http;
  private volatile Connection current;

  WebSocketReceiver(HttpTransport http, BridgeClient client, Address account, InboundSink sink,
      EnvelopeParser parser, ReceiveTiming timing, Logger log) {
    super(client, account, sink, parser, timing, log);
    this.http = http;
  }

  @Override
  protected void loop() {
    while (!closed()) {
      if (!accountReady()) {
        if (!backOff("account not ready")) {
          return;
        }
        continue;
      }
      Connection connection = new Connection();
      try {
        connection.socket = http.openWebSocket(client.receiveSocket(account.value()), Map.of(), connection);
      } catch (IOException | RuntimeException e) {
        if (closed()) {
          return;
        }
        diagnoseConnectFailure(e);
        if (!backOff("websocket did not open")) {
          return;
        }
        continue;
      }
      current = connection;
      if (closed()) {
        return;
      }
      health.ok("Receiving Signal messages from the bridge (websocket)");
      log.info("Signal receive websocket open");
      long openedAt = System.nanoTime();
      String why = pump(connection);
      current = null;
      connection.close();
      if (closed()) {
        return;
      }
      // Only a connection that stayed up counts as recovery; one that drops at once keeps backing off.
      if (System.nanoTime() - openedAt >= timing.backoffMax().toNanos()) {
        backoff.reset();
      }
      health.unreachable();
      log.warn("Signal receive websocket lost ({})", why);
      if (!backOff("reconnecting the websocket")) {
        return;
      }
    }
  }

  /** Handles frames until the socket closes, fails, stops answering, or the loop is closed; says which. */
  private String pump(Connection connection) {
    long probeMillis = Math.max(1, timing.probeInterval().toMillis());
    long nextProbe = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(probeMillis);
    while (!closed()) {
      Object item;
      try {
        long waitNanos = Math.max(0, nextProbe - System.nanoTime());
        item = connection.events.poll(Math.min(waitNanos, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "closed";
      }
      if (item instanceof String text) {
        deliver(List.of(parser.parseFrame(text, account)));
      } else if (item instanceof Closed closedItem) {
        return closedItem.why();
      } else if (System.nanoTime() - nextProbe >= 0) {
        // A bridge that vanished without closing the TCP connection only shows up as silence: ask it.
        nextProbe = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(probeMillis);
        try {
          client.health();
        } catch (IOException | BridgeException e) {
          return "health probe failed: " + e.getClass().getSimpleName();
        }
        if (!connection.isOpen()) {
          return "socket no longer open";
        }
      }
    }
    return "closed";
  }

  /** Tells an unreachable bridge apart from one that runs in a mode without the websocket. */
  private void diagnoseConnectFailure(Exception e) {
    try {
      BridgeClient.About about = client.about();
      if (!ReceiveMode.WEBSOCKET.servedBy(about.mode())) {
        health.modeMismatch(ReceiveMode.WEBSOCKET, about.mode());
        log.warn("Signal bridge runs in {} mode: its receive endpoint is not a websocket", about.mode());
        return;
      }
    } catch (IOException | BridgeException ignored) {
      // unreachable as well: report it so
    }
    health.unreachable();
    log.warn("Signal receive websocket did not open ({})", e.getClass().getSimpleName());
  }

  @Override
  protected void disconnect() {
    Connection connection = current;
    if (connection != null) {
      connection.close();
    }
  }

  /** A socket ended: closed by either side, or failed. */
  private record Closed(String why) {
  }

  /** One websocket connection: the transport's listener, queueing what arrives for the loop thread. */
  private final class Connection implements HttpTransport.WebSocketListener {
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private volatile WebSocketConnection socket;
    private volatile boolean ended;

    @Override
    public void onOpen(WebSocketConnection connection) {
      if (socket == null) {
        socket = connection;
      }
    }

    @Override
    public void onText(String text) {
      if (!ended) {
        events.add(text);
      }
    }

    @Override
    public void onClose(int code, String reason) {
      end("closed with code " + code);
    }

    @Override
    public void onError(Throwable error) {
      end("failed: " + error.getClass().getSimpleName());
    }

    private void end(String why) {
      if (!ended) {
        ended = true;
        events.add(new Closed(why));
      }
    }

    boolean isOpen() {
      WebSocketConnection s = socket;
      return !ended && s != null && s.isOpen();
    }

    void close() {
      WebSocketConnection s = socket;
      if (s != null) {
        try {
          s.close();
        } catch (RuntimeException e) {
          log.debug("Signal receive websocket close failed ({})", e.getClass().getSimpleName());
        }
      }
    }
  }
}
