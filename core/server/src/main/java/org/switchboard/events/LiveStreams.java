package org.switchboard.events;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.switchboard.errors.RateLimitedException;

/**
 * Open server-sent-event streams. Each stream subscribes to the {@link EventHub}; writes to it happen on a
 * separate pool, never on the publisher's thread (publishers include the database writer, which must not wait for
 * a slow browser). Events are only "something changed" hints, so while one write to a stream is in flight, further
 * events for it collapse into one. A comment every 20 seconds keeps proxies from closing idle streams and notices
 * departed clients. Web chat streams are anonymous, so they are capped per client address and in all.
 */
@Singleton
public class LiveStreams implements AutoCloseable {
  /** Open web chat streams allowed from one address (visitors behind one carrier NAT share it), and in all. */
  public static final int VISITOR_STREAMS_PER_ADDRESS = 50;
  public static final int VISITOR_STREAMS = 5000;

  private final EventHub hub;
  private final Map<String, Integer> visitorStreamsByAddress = new HashMap<>(); // guarded by itself
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
    final String visitorAddress; // null for a member's stream
    EventHub.Subscription subscription;
    private String pendingName;
    private String pendingData;
    private boolean writing;

    Stream(SseEventSink sink, Sse sse, String visitorAddress) {
      this.sink = sink;
      this.sse = sse;
      this.visitorAddress = visitorAddress;
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
    Stream stream = new Stream(sink, sse, null);
    open.put(sink, stream);
    stream.subscription = hub.subscribe(orgId, event -> stream.offer(event.kind(), event.json()));
    stream.offer("ready", "{}");
  }

  /** Streams notices for one web chat visitor; refused with a 429 past the caps. */
  public void openVisitorStream(SseEventSink sink, Sse sse, String clientAddress,
      Function<Consumer<String>, EventHub.Subscription> subscribe) {
    String address = clientAddress == null ? "?" : clientAddress;
    reserveVisitorStream(address);
    Stream stream = new Stream(sink, sse, address);
    try {
      stream.subscription = subscribe.apply(kind -> stream.offer(kind, "{}")); // may refuse: then nothing is kept
    } catch (RuntimeException e) {
      releaseVisitorStream(address);
      throw e;
    }
    open.put(sink, stream);
    stream.offer("ready", "{}");
  }

  private void reserveVisitorStream(String address) {
    synchronized (visitorStreamsByAddress) {
      int fromAddress = visitorStreamsByAddress.getOrDefault(address, 0);
      int all = visitorStreamsByAddress.values().stream().mapToInt(Integer::intValue).sum();
      if (fromAddress >= VISITOR_STREAMS_PER_ADDRESS || all >= VISITOR_STREAMS) {
        throw new RateLimitedException("too many open chat pages; reload this page later", Duration.ofSeconds(60));
      }
      visitorStreamsByAddress.put(address, fromAddress + 1);
    }
  }

  private void releaseVisitorStream(String address) {
    synchronized (visitorStreamsByAddress) {
      visitorStreamsByAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
    }
  }

  private void ping() {
    open.values().forEach(stream -> stream.offer("", "keep-alive"));
  }

  private void close(SseEventSink sink) {
    Stream stream = open.remove(sink);
    if (stream != null && stream.subscription != null) {
      stream.subscription.close();
    }
    if (stream != null && stream.visitorAddress != null) {
      releaseVisitorStream(stream.visitorAddress);
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
