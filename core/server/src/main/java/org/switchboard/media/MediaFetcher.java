package org.switchboard.media;

import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.Channel;
import org.switchboard.api.MediaFetch;
import org.switchboard.api.MediaRef;
import org.switchboard.channels.Connector;
import org.switchboard.channels.ConnectorService;
import org.switchboard.crypto.Vault;
import org.switchboard.events.EventHub;
import org.switchboard.events.LiveEvent;
import org.switchboard.ingest.MediaRefs;
import org.switchboard.orgs.Sealer;
import org.switchboard.storage.Writer;

/**
 * Downloads inbound attachments after their webhook was acknowledged (no provider call on the request thread):
 * size-capped, sealed to the org key, stored; retryable failures are tried again with backoff, at most
 * {@link #MAX_ATTEMPTS} times, then the attachment shows as failed with the reason.
 */
@Singleton
public class MediaFetcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MediaFetcher.class);
  public static final int MAX_ATTEMPTS = 5;
  public static final long MAX_BYTES = 20L * 1024 * 1024;

  private final AttachmentStore store;
  private final Provider<ConnectorService> connectors;
  private final Vault vault;
  private final Sealer sealer;
  private final Writer writer;
  private final EventHub events;
  private final Clock clock;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "media-fetcher");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean scheduled = new AtomicBoolean();

  @Inject
  MediaFetcher(AttachmentStore store, Provider<ConnectorService> connectors, Vault vault, Sealer sealer,
      Writer writer, EventHub events, Clock clock) {
    this.store = store;
    this.connectors = connectors;
    this.vault = vault;
    this.sealer = sealer;
    this.writer = writer;
    this.events = events;
    this.clock = clock;
  }

  /** Starts the periodic sweep (retries and anything left from before a restart). */
  public void start() {
    executor.scheduleWithFixedDelay(this::runOnce, 1, 15, TimeUnit.SECONDS);
  }

  /** Asks for a run soon (new media arrived). */
  public void wake() {
    if (scheduled.compareAndSet(false, true)) {
      executor.execute(() -> {
        scheduled.set(false);
        runOnce();
      });
    }
  }

  /** Processes every due download once; returns how many were attempted. */
  public int runOnce() {
    int attempted = 0;
    try {
      for (AttachmentStore.Fetch fetch : store.dueFetches(clock.instant(), 20)) {
        attempted++;
        try {
          process(fetch);
        } catch (RuntimeException e) {
          // One download going wrong (a busy writer, a bug) must neither hold up the others nor repeat forever.
          log.warn("attachment {}: download step failed: {}", fetch.attachmentId(), e.getClass().getSimpleName());
          countFailedAttempt(fetch);
        }
      }
    } catch (RuntimeException e) {
      log.warn("media fetch sweep failed: {}", e.getClass().getSimpleName());
    }
    return attempted;
  }

  private void countFailedAttempt(AttachmentStore.Fetch fetch) {
    int attempts = fetch.attempts() + 1;
    try {
      if (attempts < MAX_ATTEMPTS) {
        Instant next = clock.instant().plus(Duration.ofSeconds(30L << Math.min(attempts, 6)));
        writer.write(tx -> {
          store.retryLater(tx.dsl(), fetch.attachmentId(), attempts, next, "INTERNAL");
          return null;
        });
      } else {
        var sealedMeta = sealer.seal(fetch.orgId(), new AttachmentMeta(null, null, "download failed").toJson());
        writer.write(tx -> {
          store.failed(tx.dsl(), fetch.attachmentId(), sealedMeta);
          return null;
        });
      }
    } catch (RuntimeException e) {
      log.warn("attachment {}: could not record the failed attempt: {}", fetch.attachmentId(),
          e.getClass().getSimpleName());
    }
  }

  private void process(AttachmentStore.Fetch fetch) {
    MediaRef ref = MediaRefs.decode(vault.unlock(fetch.ref()));
    Connector connector = connectors.get().find(fetch.connectorId()).orElse(null);
    MediaFetch result;
    if (connector == null) {
      result = new MediaFetch.Failed(org.switchboard.api.FailureKind.CONFIG, "the connector was removed");
    } else {
      try {
        Channel channel = connectors.get().channel(connector.type());
        result = channel.fetchMedia(ref, connectors.get().config(connector), MAX_BYTES);
      } catch (RuntimeException e) {
        result = new MediaFetch.Failed(org.switchboard.api.FailureKind.BAD_RESPONSE,
            "download failed: " + e.getClass().getSimpleName());
      }
    }
    long orgId = fetch.orgId();
    if (result instanceof MediaFetch.Fetched fetched) {
      AttachmentMeta meta = new AttachmentMeta(fetched.contentType(),
          fetched.filename().or(ref::filename).orElse(null), null);
      var sealedMeta = sealer.seal(orgId, meta.toJson());
      var sealedData = sealer.seal(orgId, fetched.data());
      long conversation = writer.write(tx -> {
        store.stored(tx.dsl(), fetch.attachmentId(), sealedMeta, sealedData, fetched.data().length);
        return store.conversationOf(tx.dsl(), fetch.attachmentId());
      });
      events.publish(LiveEvent.status(orgId, conversation));
      return;
    }
    MediaFetch.Failed failed = (MediaFetch.Failed) result;
    int attempts = fetch.attempts() + 1;
    if (failed.retryable() && attempts < MAX_ATTEMPTS) {
      Instant next = clock.instant().plus(Duration.ofSeconds(30L << Math.min(attempts, 6)));
      writer.write(tx -> {
        store.retryLater(tx.dsl(), fetch.attachmentId(), attempts, next, failed.kind().name());
        return null;
      });
      return;
    }
    log.info("attachment {} could not be downloaded: {}", fetch.attachmentId(), failed.kind());
    var sealedMeta = sealer.seal(orgId, new AttachmentMeta(ref.contentType().orElse(null),
        ref.filename().orElse(null), failed.reason()).toJson());
    long conversation = writer.write(tx -> {
      store.failed(tx.dsl(), fetch.attachmentId(), sealedMeta);
      return store.conversationOf(tx.dsl(), fetch.attachmentId());
    });
    events.publish(LiveEvent.status(orgId, conversation));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
