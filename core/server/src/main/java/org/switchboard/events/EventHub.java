package org.switchboard.events;

import com.google.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-memory publish/subscribe for live views: inboxes subscribe per organization, web chat pages per visitor.
 * Publishers call it after their write committed; a slow or broken subscriber never blocks a publisher for long
 * (subscribers hand off to their own streams).
 */
@Singleton
public class EventHub {
  private static final Logger log = LoggerFactory.getLogger(EventHub.class);

  private final Map<Long, Set<Consumer<LiveEvent>>> byOrg = new ConcurrentHashMap<>();
  private final Map<Long, Set<Consumer<String>>> byVisitor = new ConcurrentHashMap<>();

  /** A registration to cancel when the stream closes. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  public Subscription subscribe(long orgId, Consumer<LiveEvent> listener) {
    byOrg.computeIfAbsent(orgId, k -> ConcurrentHashMap.newKeySet()).add(listener);
    return () -> remove(byOrg, orgId, listener);
  }

  public void publish(LiveEvent event) {
    Set<Consumer<LiveEvent>> listeners = byOrg.get(event.orgId());
    if (listeners != null) {
      for (Consumer<LiveEvent> listener : listeners) {
        try {
          listener.accept(event);
        } catch (RuntimeException e) {
          log.debug("live listener failed: {}", e.toString());
        }
      }
    }
  }

  /** Web chat: a visitor's page listens for replies to them. */
  public Subscription subscribeVisitor(long visitorId, Consumer<String> listener) {
    byVisitor.computeIfAbsent(visitorId, k -> ConcurrentHashMap.newKeySet()).add(listener);
    return () -> remove(byVisitor, visitorId, listener);
  }

  public void publishVisitor(long visitorId, String kind) {
    Set<Consumer<String>> listeners = byVisitor.get(visitorId);
    if (listeners != null) {
      for (Consumer<String> listener : listeners) {
        try {
          listener.accept(kind);
        } catch (RuntimeException e) {
          log.debug("visitor listener failed: {}", e.toString());
        }
      }
    }
  }

  public int subscriberCount() {
    return byOrg.values().stream().mapToInt(Set::size).sum() + byVisitor.values().stream().mapToInt(Set::size).sum();
  }

  private static <K, L> void remove(Map<K, Set<L>> map, K key, L listener) {
    map.computeIfPresent(key, (k, set) -> {
      set.remove(listener);
      return set.isEmpty() ? null : set;
    });
  }
}
