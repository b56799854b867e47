package org.switchboard.events;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Open server-sent-event streams. Each stream subscribes to the {@link EventHub}; writes to it happen on a
 * separate pool, never on the publisher's thread (publishers include the database writer, which must not wait for
 * a slow browser). Events are only "something changed" hints, so while one write to a stream is in flight, further
 * events for it collapse into one. A comment every 20 seconds keeps proxies from closing idle streams and notices
 * departed clients.
 */
@Singleton
public class LiveStreams implements AutoCloseable {
  private final EventHub hub;
  private final Map<SseEventSink, Stream> open = new ConcurrentHashMap<>();
  private final ExecutorService writers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sse-write");
    t.setDaemon(true);
    return t;
  });
  private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sse-keepalive");
    t.setDaemon(true);
    return t;
  });

  /** One open stream: its sink, its subscription, and what is waiting to be written. */
  private final class Stream {
    final SseEventSink sink;
    final Sse sse;
    EventHub.Subscription subscription;
    private String pendingName;
    private String pendingData;
    private boolean writing;

    Stream(SseEventSink sink, Sse sse) {
      this.sink = sink;
      this.sse = sse;
    }

    /** Queues an event ({@code name} empty for a keep-alive comment, which never replaces a waiting event). */
    synchronized void offer(String name, String data) {
      if (name.isEmpty() && pendingName != null) {
        return;
      }
      pendingName = name;
      pendingData = data;
      if (!writing) {
        writing = true;
        writers.execute(this::drain);
      }
    }

    private void drain() {
      while (true) {
        String name;
        String data;
        synchronized (this) {
          if (pendingName == null) {
            writing = false;
            return;
          }
          name = pendingName;
          data = pendingData;
          pendingName = null;
          pendingData = null;
        }
        if (!write(name, data)) {
          close(sink);
          return;
        }
      }
    }

    private boolean write(String name, String data) {
      if (sink.isClosed()) {
        return false;
      }
      try {
        var event = name.isEmpty() ? sse.newEventBuilder().comment(data).build()
            : sse.newEventBuilder().name(name).data(data).build();
        sink.send(event).toCompletableFuture().get(30, TimeUnit.SECONDS);
        return true;
      } catch (Exception e) {
        return false;
      }
    }
  }

  @Inject
  LiveStreams(EventHub hub) {
    this.hub = hub;
    keepAlive.scheduleWithFixedDelay(this::ping, 20, 20, TimeUnit.SECONDS);
  }

  /** Streams an organization's live events to a member's browser or script. */
  public void openOrgStream(long orgId, SseEventSink sink, Sse sse) {
    Stream stream = new Stream(sink, sse);
    open.put(sink, stream);
    stream.subscription = hub.subscribe(orgId, event -> stream.offer(event.kind(), event.json()));
    stream.offer("ready", "{}");
  }

  /** Streams notices for one web chat visitor. */
  public void openVisitorStream(SseEventSink sink, Sse sse,
      Function<Consumer<String>, EventHub.Subscription> subscribe) {
    Stream stream = new Stream(sink, sse);
    stream.subscription = subscribe.apply(kind -> stream.offer(kind, "{}")); // may refuse: then nothing is kept
    open.put(sink, stream);
    stream.offer("ready", "{}");
  }

  private void ping() {
    open.values().forEach(stream -> stream.offer("", "keep-alive"));
  }

  private void close(SseEventSink sink) {
    Stream stream = open.remove(sink);
    if (stream != null && stream.subscription != null) {
      stream.subscription.close();
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
    writers.shutdownNow();
  }
}
