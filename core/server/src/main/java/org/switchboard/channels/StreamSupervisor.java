package org.switchboard.channels;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.Channel;
import org.switchboard.api.Health;
import org.switchboard.api.InboundEvent;
import org.switchboard.api.InboundSink;
import org.switchboard.api.InboundStream;
import org.switchboard.events.EventHub;
import org.switchboard.events.LiveEvent;
import org.switchboard.ingest.IngestService;

/**
 * Keeps one receive loop open per active number of every streaming channel (Signal): opens loops for new numbers,
 * closes loops of deactivated ones, and feeds what they receive into the same ingest path as webhooks. Their
 * health reports land on the {@link ChannelHealthBoard} and in live views.
 */
@Singleton
public class StreamSupervisor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamSupervisor.class);

  private final ConnectorService connectors;
  private final IngestService ingest;
  private final ChannelHealthBoard health;
  private final EventHub events;
  private final Clock clock;
  private final Map<Long, Running> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "streams");
    t.setDaemon(true);
    return t;
  });

  private record Running(long connectorId, String settingsVersion, InboundStream.Subscription subscription) {}

  @Inject
  StreamSupervisor(ConnectorService connectors, IngestService ingest, ChannelHealthBoard health, EventHub events,
      Clock clock) {
    this.connectors = connectors;
    this.ingest = ingest;
    this.health = health;
    this.events = events;
    this.clock = clock;
  }

  public void start() {
    executor.scheduleWithFixedDelay(this::reconcile, 0, 15, TimeUnit.SECONDS);
  }

  /** Brings the open loops in line with the active numbers now (also called after settings change). */
  public void refresh() {
    executor.execute(this::reconcile);
  }

  private void reconcile() {
    try {
      Map<Long, ChannelNumber> wanted = new java.util.HashMap<>();
      for (ChannelNumber number : connectors.allActiveNumbers()) {
        Optional<Connector> connector = connectors.find(number.connectorId());
        if (connector.isPresent() && streamOf(connector.get()).isPresent()) {
          wanted.put(number.id(), number);
        }
      }
      for (var entry : List.copyOf(running.entrySet())) {
        ChannelNumber number = wanted.get(entry.getKey());
        if (number == null || !version(number.connectorId()).equals(entry.getValue().settingsVersion())) {
          stop(entry.getKey());
        }
      }
      for (ChannelNumber number : wanted.values()) {
        if (!running.containsKey(number.id())) {
          open(number);
        }
      }
    } catch (RuntimeException e) {
      log.warn("stream reconcile failed: {}", e.toString());
    }
  }

  private void open(ChannelNumber number) {
    Connector connector = connectors.find(number.connectorId()).orElseThrow();
    InboundStream stream = streamOf(connector).orElseThrow();
    InboundSink sink = new InboundSink() {
      @Override
      public CompletionStage<Void> accept(List<InboundEvent> inbound) {
        Connector current = connectors.find(connector.id()).orElse(connector);
        return ingest.ingest(current, inbound).thenApply(outcome -> (Void) null);
      }

      @Override
      public void health(Health reading) {
        if (health.report(connector.id(), reading, clock.instant())) {
          events.publish(LiveEvent.health(connector.orgId()));
        }
      }
    };
    try {
      InboundStream.Subscription subscription = stream.open(connectors.config(connector), number.address(), sink);
      running.put(number.id(), new Running(connector.id(), version(connector.id()), subscription));
      log.info("receive loop opened for number {} of connector {}", number.id(), connector.id());
    } catch (RuntimeException e) {
      log.warn("receive loop for number {} failed to open: {}", number.id(), e.toString());
      sink.health(Health.error("the receive loop could not start: " + e.getClass().getSimpleName(), ""));
    }
  }

  private String version(long connectorId) {
    return Integer.toHexString(java.util.Arrays.hashCode(connectors.settings(connectorId).toJson()));
  }

  private void stop(long numberId) {
    Running loop = running.remove(numberId);
    if (loop != null) {
      try {
        loop.subscription().close();
      } catch (RuntimeException e) {
        log.debug("closing receive loop: {}", e.toString());
      }
    }
  }

  private Optional<InboundStream> streamOf(Connector connector) {
    try {
      Channel channel = connectors.channel(connector.type());
      return channel.stream();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  public int openLoops() {
    return running.size();
  }

  @Override
  public void close() {
    executor.shutdownNow();
    List.copyOf(running.keySet()).forEach(this::stop);
  }

  static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
