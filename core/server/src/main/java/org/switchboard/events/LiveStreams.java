package org.switchboard.events;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
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
 * departed clients. Web chat streams are anonymous, so they are capped: per visitor (a new one closes the oldest, as
 * from a reloaded tab), per client address (IPv6 by /64) and in all.
 */
@Singleton
public class LiveStreams implements AutoCloseable {
  /** Open web chat streams per visitor (tabs); a new one past this closes their oldest. */
  public static final int STREAMS_PER_VISITOR = 5;
  /** Open web chat streams from one address (visitors behind one carrier NAT share it), and in all. */
  public static final int VISITOR_STREAMS_PER_ADDRESS = 50;
  public static final int VISITOR_STREAMS = 5000;

  private final EventHub hub;
  private final Object visitorLock = new Object();
  private final Map<String, Integer> visitorStreamsByAddress = new HashMap<>(); // guarded by visitorLock
  private final Map<String, Deque<SseEventSink>> visitorStreamsByVisitor = new HashMap<>(); // guarded by visitorLock
  private int visitorStreams; // guarded by visitorLock
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
    final String visitorId;
    EventHub.Subscription subscription;
    private String pendingName;
    private String pendingData;
    private boolean writing;

    Stream(SseEventSink sink, Sse sse, String visitorAddress, String visitorId) {
      this.sink = sink;
      this.sse = sse;
      this.visitorAddress = visitorAddress;
      this.visitorId = visitorId;
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
    Stream stream = new Stream(sink, sse, null, null);
    open.put(sink, stream);
    stream.subscription = hub.subscribe(orgId, event -> stream.offer(event.kind(), event.json()));
    stream.offer("ready", "{}");
  }

  /** Streams notices for one web chat visitor; refused with a 429 past the address and total caps. */
  public void openVisitorStream(SseEventSink sink, Sse sse, String clientAddress, String visitorId,
      Function<Consumer<String>, EventHub.Subscription> subscribe) {
    String address = addressKey(clientAddress);
    SseEventSink oldest = reserveVisitorStream(address, visitorId);
    if (oldest != null) {
      close(oldest);
    }
    Stream stream = new Stream(sink, sse, address, visitorId);
    try {
      stream.subscription = subscribe.apply(kind -> stream.offer(kind, "{}")); // may refuse: then nothing is kept
    } catch (RuntimeException e) {
      releaseVisitorStream(address, visitorId, null);
      throw e;
    }
    synchronized (visitorLock) {
      visitorStreamsByVisitor.computeIfAbsent(visitorId, v -> new ArrayDeque<>()).addLast(sink);
    }
    open.put(sink, stream);
    stream.offer("ready", "{}");
  }

  /** Counts a new visitor stream or refuses it; returns the visitor's oldest stream when it is to be closed. */
  private SseEventSink reserveVisitorStream(String address, String visitorId) {
    synchronized (visitorLock) {
      int fromAddress = visitorStreamsByAddress.getOrDefault(address, 0);
      if (fromAddress >= VISITOR_STREAMS_PER_ADDRESS || visitorStreams >= VISITOR_STREAMS) {
        throw new RateLimitedException("too many open chat pages; reload this page later", Duration.ofSeconds(60));
      }
      visitorStreamsByAddress.put(address, fromAddress + 1);
      visitorStreams++;
      Deque<SseEventSink> mine = visitorStreamsByVisitor.get(visitorId);
      return mine != null && mine.size() >= STREAMS_PER_VISITOR ? mine.peekFirst() : null;
    }
  }

  private void releaseVisitorStream(String address, String visitorId, SseEventSink sink) {
    synchronized (visitorLock) {
      visitorStreamsByAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
      visitorStreams--;
      Deque<SseEventSink> mine = visitorStreamsByVisitor.get(visitorId);
      if (mine != null && sink != null) {
        mine.remove(sink);
        if (mine.isEmpty()) {
          visitorStreamsByVisitor.remove(visitorId);
        }
      }
    }
  }

  /** Clients are counted by address; IPv6 ones by their /64, which one household or phone usually holds whole. */
  static String addressKey(String clientAddress) {
    if (clientAddress == null || clientAddress.isBlank()) {
      return "?";
    }
    if (clientAddress.indexOf(':') < 0) {
      return clientAddress;
    }
    try {
      byte[] bytes = InetAddress.getByName(clientAddress).getAddress(); // a literal: no name lookup
      if (bytes.length != 16) {
        return clientAddress;
      }
      return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
    } catch (UnknownHostException e) {
      return clientAddress;
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
      releaseVisitorStream(stream.visitorAddress, stream.visitorId, sink);
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
