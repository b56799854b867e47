package org.switchboard.events;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Open server-sent-event streams: each one subscribes to the {@link EventHub}, gets a keep-alive comment every 20
 * seconds, and unsubscribes when the client is gone.
 */
@Singleton
public class LiveStreams implements AutoCloseable {
  private final EventHub hub;
  private final Map<SseEventSink, EventHub.Subscription> open = new ConcurrentHashMap<>();
  private final Map<SseEventSink, Sse> sseBySink = new ConcurrentHashMap<>();
  private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sse-keepalive");
    t.setDaemon(true);
    return t;
  });

  @Inject
  LiveStreams(EventHub hub) {
    this.hub = hub;
    keepAlive.scheduleWithFixedDelay(this::ping, 20, 20, TimeUnit.SECONDS);
  }

  /** Streams an organization's live events to a member's browser or script. */
  public void openOrgStream(long orgId, SseEventSink sink, Sse sse) {
    sseBySink.put(sink, sse);
    open.put(sink, hub.subscribe(orgId, event -> send(sink, sse, event.kind(), event.json())));
    send(sink, sse, "ready", "{}");
  }

  /** Streams notices for one web chat visitor. */
  public void openVisitorStream(SseEventSink sink, Sse sse, java.util.function.Function<Consumer<String>,
      EventHub.Subscription> subscribe) {
    sseBySink.put(sink, sse);
    open.put(sink, subscribe.apply(kind -> send(sink, sse, kind, "{}")));
    send(sink, sse, "ready", "{}");
  }

  private void send(SseEventSink sink, Sse sse, String name, String data) {
    if (sink.isClosed()) {
      close(sink);
      return;
    }
    sink.send(sse.newEventBuilder().name(name).data(data).build()).whenComplete((ok, error) -> {
      if (error != null) {
        close(sink);
      }
    });
  }

  private void ping() {
    for (SseEventSink sink : open.keySet()) {
      Sse sse = sseBySink.get(sink);
      if (sink.isClosed() || sse == null) {
        close(sink);
      } else {
        sink.send(sse.newEventBuilder().comment("keep-alive").build()).whenComplete((ok, error) -> {
          if (error != null) {
            close(sink);
          }
        });
      }
    }
  }

  private void close(SseEventSink sink) {
    EventHub.Subscription subscription = open.remove(sink);
    sseBySink.remove(sink);
    if (subscription != null) {
      subscription.close();
    }
    try {
      sink.close();
    } catch (RuntimeException ignored) {
      // already closed by the client
    }
  }

  public int openCount() {
    return open.size();
  }

  @Override
  public void close() {
    keepAlive.shutdownNow();
    open.keySet().forEach(this::close);
  }
}
