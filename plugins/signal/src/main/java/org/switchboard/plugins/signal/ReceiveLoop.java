package org.switchboard.plugins.signal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.switchboard.api.Address;
import org.switchboard.api.InboundEvent;
import org.switchboard.api.InboundSink;
import org.switchboard.api.InboundStream;

/**
 * What both receive loops share: a daemon thread, prompt stopping, backoff, health reports, the account check, and
 * handing events to the sink and waiting until they are durable.
 */
abstract class ReceiveLoop implements InboundStream.Subscription, Runnable {
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final int STORE_ATTEMPTS = 3;

  protected final BridgeClient client;
  protected final Address account;
  protected final EnvelopeParser parser;
  protected final HealthReporter health;
  protected final ReconnectBackoff backoff;
  protected final ReceiveTiming timing;
  protected final Logger log;
  private final InboundSink sink;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closed;
  private Thread thread;

  ReceiveLoop(BridgeClient client, Address account, InboundSink sink, EnvelopeParser parser, ReceiveTiming timing,
      Logger log) {
    this.client = client;
    this.account = account;
    this.sink = sink;
    this.parser = parser;
    this.timing = timing;
    this.log = log;
    this.health = new HealthReporter(sink, log);
    this.backoff = new ReconnectBackoff(timing.backoffInitial(), timing.backoffMax(), System.nanoTime());
  }

  /** Starts the loop on its own daemon thread (named without the number). */
  final ReceiveLoop start(String kind) {
    thread = new Thread(this, "signal-receive-" + kind + "-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  @Override
  public final void run() {
    try {
      loop();
    } catch (RuntimeException e) {
      log.error("Signal receive loop stopped by a bug ({})", e.getClass().getName());
    } finally {
      disconnect();
    }
  }

  /** The loop itself; returns when {@link #closed()}. */
  protected abstract void loop();

  /** Closes whatever connection is open; called on close and when the loop ends. */
  protected void disconnect() {
  }

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopped.countDown();
    disconnect();
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      t.interrupt();
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  protected final boolean closed() {
    return closed;
  }

  /** Waits {@code delay} unless closed first; returns whether the loop should go on. */
  protected final boolean pause(Duration delay) {
    try {
      return !stopped.await(Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS) && !closed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits the next backoff delay; returns whether the loop should go on. */
  protected final boolean backOff(String why) {
    Duration delay = backoff.next();
    log.info("Signal receive loop: {}; retrying in {} ms", why, delay.toMillis());
    return pause(delay);
  }

  /**
   * Whether the bridge is reachable and lists this number; reports health (warning or error) when not. In json-rpc
   * mode the websocket opens even for an unknown number, so this is the only way to tell.
   */
  protected final boolean accountReady() {
    List<String> accounts;
    try {
      accounts = client.accounts();
    } catch (IOException e) {
      if (!closed) {
        // (an interrupted call during close() is no outage)
        health.unreachable();
        log.warn("Signal bridge unreachable ({})", e.getClass().getSimpleName());
      }
      return false;
    } catch (BridgeException e) {
      health.badAnswer(e.status());
      log.warn("Signal bridge answered HTTP {} to the account list", e.status());
      return false;
    }
    if (!accounts.contains(account.value())) {
      health.notRegistered();
      log.warn("Signal receive loop: the bridge does not list this connector's number");
      return false;
    }
    return true;
  }

  /** Hands the frames' events to the sink and waits until they are durable; retries a few times, then drops. */
  protected final void deliver(List<EnvelopeParser.Frame> frames) {
    List<InboundEvent> events = new ArrayList<>();
    Map<EnvelopeParser.Kind, Integer> kinds = new EnumMap<>(EnvelopeParser.Kind.class);
    for (EnvelopeParser.Frame frame : frames) {
      kinds.merge(frame.kind(), 1, Integer::sum);
      events.addAll(frame.events());
    }
    if (kinds.containsKey(EnvelopeParser.Kind.BRIDGE_ERROR)) {
      // The text is signal-cli's and may name a contact: only the fact is logged.
      log.warn("Signal bridge sent {} error frame(s) on the receive stream", kinds.get(EnvelopeParser.Kind.BRIDGE_ERROR));
    }
    if (kinds.containsKey(EnvelopeParser.Kind.MALFORMED) || kinds.containsKey(EnvelopeParser.Kind.RECEIVE_ERROR)) {
      log.warn("Signal bridge sent {} unreadable and {} undecryptable envelope(s)",
          kinds.getOrDefault(EnvelopeParser.Kind.MALFORMED, 0),
          kinds.getOrDefault(EnvelopeParser.Kind.RECEIVE_ERROR, 0));
    }
    if (log.isDebugEnabled()) {
      log.debug("Signal received {}", kinds);
    }
    if (events.isEmpty()) {
      return;
    }
    for (int attempt = 1; attempt <= STORE_ATTEMPTS; attempt++) {
      try {
        sink.accept(events).toCompletableFuture().get(timing.sinkTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        log.warn("Signal receive loop closed while {} event(s) were being stored", events.size());
        return;
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        log.warn("Signal receive loop: storing {} event(s) failed (attempt {} of {}, {})", events.size(), attempt,
            STORE_ATTEMPTS, cause.getClass().getSimpleName());
        if (attempt == STORE_ATTEMPTS || !pause(timing.backoffInitial().multipliedBy(attempt))) {
          break;
        }
      }
    }
    // The bridge does not keep what it handed out (polling drains, the websocket pushes once): nothing to re-fetch.
    log.error("Signal receive loop dropped {} received event(s) that could not be stored", events.size());
  }
}
