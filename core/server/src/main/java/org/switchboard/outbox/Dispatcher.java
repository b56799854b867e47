package org.switchboard.outbox;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.LoadingCache;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.Address;
import org.switchboard.api.Channel;
import org.switchboard.api.ChannelLimits;
import org.switchboard.api.FailureKind;
import org.switchboard.api.OutboundMedia;
import org.switchboard.api.OutboundMessage;
import org.switchboard.api.SendResult;
import org.switchboard.boot.PublicUrls;
import org.switchboard.channels.ChannelNumber;
import org.switchboard.channels.Connector;
import org.switchboard.channels.ConnectorService;
import org.switchboard.contacts.ContactStore;
import org.switchboard.conversations.ConversationStore;
import org.switchboard.conversations.MessageStatus;
import org.switchboard.conversations.MessageStore;
import org.switchboard.crypto.Vault;
import org.switchboard.events.EventHub;
import org.switchboard.events.LiveEvent;
import org.switchboard.ingest.IngestService;
import org.switchboard.storage.Writer;

/**
 * Sends queued replies. A row is claimed (state {@code sending}, attempt counted) in a committed write before the
 * provider is called; the outcome is written after. Accepted → provider id recorded, payload deleted; retryable
 * failures → tried again with exponential backoff and jitter, at most {@link #MAX_ATTEMPTS} times; permanent
 * failures → the message shows "failed: reason" and the payload is deleted. Each number is held to its channel's
 * send rate. After a crash, in-flight rows are retried (the provider may not have seen them).
 */
@Singleton
public class Dispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  public static final int MAX_ATTEMPTS = 8;
  /** Tries to record a send's outcome while the database is busy, a second apart and more each time (about 2 min). */
  static final int RECORD_TRIES = 15;
  static final Duration RECORD_PAUSE = Duration.ofSeconds(1);
  private static final Duration BASE_DELAY = Duration.ofSeconds(5);
  private static final Duration MAX_DELAY = Duration.ofMinutes(30);
  private static final Duration RECHECK_PAUSE = Duration.ofMinutes(1);

  private final OutboxStore outbox;
  private final MessageStore messages;
  private final ConversationStore conversations;
  private final ContactStore contacts;
  private final ConnectorService connectors;
  private final IngestService ingest;
  private final Vault vault;
  private final PublicUrls urls;
  private final EventHub events;
  private final Writer writer;
  private final Clock clock;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "outbox"));
  private final ExecutorService senders = Executors.newFixedThreadPool(4, r -> thread(r, "outbox-send"));
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  private final java.util.Map<Long, Instant> rechecked = new ConcurrentHashMap<>();
  private final LoadingCache<Long, Bucket> rates;
  private volatile boolean running;

  @Inject
  Dispatcher(OutboxStore outbox, MessageStore messages, ConversationStore conversations, ContactStore contacts,
      ConnectorService connectors, IngestService ingest, Vault vault, PublicUrls urls, EventHub events, Writer writer,
      Clock clock) {
    this.outbox = outbox;
    this.messages = messages;
    this.conversations = conversations;
    this.contacts = contacts;
    this.connectors = connectors;
    this.ingest = ingest;
    this.vault = vault;
    this.urls = urls;
    this.events = events;
    this.writer = writer;
    this.clock = clock;
    this.rates = CacheBuilder.newBuilder().expireAfterAccess(Duration.ofHours(1))
        .build(com.google.common.cache.CacheLoader.from(this::bucketFor));
  }

  /** Requeues sends interrupted by a crash, then polls every second (and at once when woken). */
  public void start() {
    int reset = writer.write(tx -> outbox.resetInFlight(tx.dsl()));
    if (reset > 0) {
      log.info("{} send(s) interrupted by the last shutdown will be retried", reset);
    }
    running = true;
    scheduler.scheduleWithFixedDelay(this::poll, 0, 1, TimeUnit.SECONDS);
  }

  /** A reply was queued: look at the queue now. */
  public void wake() {
    if (running) {
      scheduler.execute(this::poll);
    }
  }

  private void poll() {
    try {
      for (OutboxStore.Row row : outbox.due(clock.instant(), 50)) {
        if (inFlight.add(row.id())) {
          if (!rateAllows(row)) {
            inFlight.remove(row.id());
            continue;
          }
          senders.execute(() -> {
            try {
              send(row);
            } catch (RuntimeException e) {
              log.warn("send of message {} failed unexpectedly: {}", row.messageId(), e.toString());
            } finally {
              inFlight.remove(row.id());
            }
          });
        }
      }
    } catch (RuntimeException e) {
      log.warn("outbox poll failed: {}", e.toString());
    }
  }

  private boolean rateAllows(OutboxStore.Row row) {
    var probe = rates.getUnchecked(row.channelId()).tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return true;
    }
    Instant next = clock.instant().plusNanos(probe.getNanosToWaitForRefill());
    writer.submit(tx -> {
      outbox.postpone(tx.dsl(), row.id(), next);
      return null;
    });
    return false;
  }

  private Bucket bucketFor(long channelId) {
    Optional<ChannelNumber> number = connectors.number(channelId);
    double perSecond = number.flatMap(n -> {
      var configured = connectors.sendRate(n.connectorId());
      return configured.isPresent() ? Optional.of(configured.getAsDouble())
          : connectors.find(n.connectorId()).flatMap(this::safeChannel).map(ch -> ch.limits(n.address()).sendsPerSecond());
    }).orElse(1.0);
    Bandwidth limit = perSecond >= 1
        ? Bandwidth.builder().capacity((long) perSecond).refillGreedy((long) perSecond, Duration.ofSeconds(1)).build()
        : Bandwidth.builder().capacity(1).refillGreedy(1, Duration.ofMillis((long) (1000 / perSecond))).build();
    // Measured on the injected clock, so tests that move time also move the rate limit.
    io.github.bucket4j.TimeMeter meter = new io.github.bucket4j.TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(clock.millis());
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
    return Bucket.builder().withCustomTimePrecision(meter).addLimit(limit).build();
  }

  private Optional<Channel> safeChannel(Connector connector) {
    try {
      return Optional.of(connectors.channel(connector.type()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  void send(OutboxStore.Row row) {
    boolean claimed = writer.write(tx -> outbox.claim(tx.dsl(), row.id()));
    if (!claimed) {
      return;
    }
    int attempt = row.attempts() + 1;
    SendResult result;
    try {
      result = attempt(row, OutboxPayload.fromJson(vault.unlock(row.payload())));
    } catch (RuntimeException e) {
      // Failed before anything reached the provider (the plugin's own failures are caught inside): a retryable try.
      log.warn("message {} could not be prepared for sending: {}", row.messageId(), e.getClass().getSimpleName());
      result = SendResult.failed(FailureKind.BAD_RESPONSE, "could not prepare the send: " + e.getClass().getSimpleName());
    }
    recordDurably(row, attempt, result);
  }

  /**
   * Records the outcome, trying again while the database is busy: once a provider accepted a message, losing that
   * fact would leave the row claimed, and a restart would send the message a second time.
   */
  private void recordDurably(OutboxStore.Row row, int attempt, SendResult result) {
    for (int tries = 1; ; tries++) {
      try {
        record(row, attempt, result);
        return;
      } catch (RuntimeException e) {
        if (tries >= RECORD_TRIES) {
          log.error("message {}: the outcome of attempt {} could not be recorded: {}", row.messageId(), attempt,
              e.getClass().getSimpleName());
          throw e;
        }
        log.warn("message {}: recording the outcome failed ({}), trying again", row.messageId(),
            e.getClass().getSimpleName());
        try {
          Thread.sleep(RECORD_PAUSE.toMillis() * tries);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private SendResult attempt(OutboxStore.Row row, OutboxPayload payload) {
    Optional<ChannelNumber> number = connectors.number(row.channelId());
    if (number.isEmpty() || !number.get().active()) {
      return SendResult.failed(FailureKind.CONFIG, "the number this conversation uses is no longer active");
    }
    Optional<Connector> connector = connectors.find(number.get().connectorId());
    Optional<Channel> channel = connector.flatMap(this::safeChannel);
    if (channel.isEmpty()) {
      return SendResult.failed(FailureKind.CONFIG, "the channel plugin for this number is not installed");
    }
    var contact = contacts.byId(payload.contactId());
    if (contact.isPresent() && contact.get().optedOut()) {
      return SendResult.failed(FailureKind.OPTED_OUT, "the recipient opted out");
    }
    List<OutboundMedia> media = new ArrayList<>();
    for (OutboxPayload.Media m : payload.media()) {
      media.add(new OutboundMedia(m.contentType(), m.filename(), m.data(),
          urls.resolve("/media/out/" + m.linkToken())));
    }
    Optional<OutboundMessage.Template> template = Optional.ofNullable(payload.templateId())
        .map(id -> new OutboundMessage.Template(id, "", payload.templateVariables()));
    // When the person last wrote, for channels with a reply window (WhatsApp's 24 hours).
    Optional<Instant> lastInbound = messages.byId(row.messageId())
        .flatMap(m -> conversations.byId(m.conversationId())).flatMap(ConversationStore.Row::lastInboundMessageId)
        .flatMap(messages::byId).map(MessageStore.Row::createdAt);
    OutboundMessage message = new OutboundMessage("msg-" + row.messageId(), number.get().address(),
        Address.parse(payload.recipient()), payload.text(), media, Optional.empty(), template, Optional.empty(),
        lastInbound);
    try {
      SendResult result = channel.get().send(message, connectors.config(connector.get()));
      if (result instanceof SendResult.Failed failed && failed.kind() == FailureKind.CONFIG) {
        recheck(connector.get());
      }
      return result;
    } catch (RuntimeException e) {
      log.warn("channel {} threw while sending message {}: {}", connector.get().type(), row.messageId(),
          e.getClass().getSimpleName());
      return SendResult.failed(FailureKind.BAD_RESPONSE, "the channel plugin failed: " + e.getClass().getSimpleName());
    }
  }

  /**
   * The provider refused the connector's credentials (an expired token, a revoked key): the connector is checked
   * again at once, so it shows Error with the provider's reason and admins see the warning without waiting for the
   * next scheduled check. At most once a minute per connector.
   */
  private void recheck(Connector connector) {
    Instant now = clock.instant();
    Instant last = rechecked.get(connector.id());
    if (last != null && last.plus(RECHECK_PAUSE).isAfter(now)) {
      return;
    }
    rechecked.put(connector.id(), now);
    senders.execute(() -> {
      try {
        var health = connectors.check(connector);
        boolean wasError = connector.state() == Connector.State.ERROR;
        if (wasError != (health.state() == org.switchboard.api.Health.State.ERROR)) {
          events.publish(LiveEvent.health(connector.orgId()));
        }
        log.warn("connector {} refused by its provider; checked again: {}", connector.id(), health.state());
      } catch (RuntimeException e) {
        log.warn("connector {} could not be checked again: {}", connector.id(), e.getClass().getSimpleName());
      }
    });
  }

  private void record(OutboxStore.Row row, int attempt, SendResult result) {
    Instant now = clock.instant();
    long conversationId = messages.byId(row.messageId()).map(MessageStore.Row::conversationId).orElse(0L);
    if (result instanceof SendResult.Accepted accepted) {
      long connectorId = connectors.number(row.channelId()).map(ChannelNumber::connectorId).orElse(0L);
      byte[] ref = ingest.providerRef(connectorId, accepted.providerMessageId());
      writer.write(tx -> {
        // Each outcome is written once even if this unit runs twice (a write that timed out still commits later).
        if (!outbox.finish(tx.dsl(), row.id())) {
          return null;
        }
        messages.setProviderRef(tx.dsl(), row.messageId(), ref);
        messages.updateStatus(tx.dsl(), row.messageId(), MessageStatus.of(accepted.status()), null, null, now);
        ingest.applyEarlyStatuses(tx, row.orgId(), row.messageId(), ref);
        return null;
      });
    } else {
      SendResult.Failed failed = (SendResult.Failed) result;
      String code = failed.providerCode().orElse(null);
      if (failed.retryable() && attempt < MAX_ATTEMPTS) {
        Instant next = now.plus(backoff(attempt, failed.retryAfter()));
        writer.write(tx -> {
          if (!outbox.retryLater(tx.dsl(), row.id(), next, failed.kind() + (code == null ? "" : " " + code))) {
            return null;
          }
          messages.updateStatus(tx.dsl(), row.messageId(), MessageStatus.QUEUED, code,
              "will retry: " + failed.reason(), now);
          return null;
        });
        log.info("message {} attempt {} failed ({}); retrying", row.messageId(), attempt, failed.kind());
      } else {
        String reason = failed.retryable() ? "gave up after " + attempt + " attempts: " + failed.reason()
            : failed.reason();
        writer.write(tx -> {
          if (!outbox.finish(tx.dsl(), row.id())) {
            return null;
          }
          messages.updateStatus(tx.dsl(), row.messageId(), MessageStatus.FAILED, code, reason, now);
          if (failed.kind() == FailureKind.OPTED_OUT) {
            OutboxPayload payload = OutboxPayload.fromJson(vault.unlock(row.payload()));
            var contact = contacts.byId(tx.dsl(), payload.contactId());
            if (contact.isPresent() && !contact.get().optedOut()) {
              contacts.recordConsent(tx.dsl(), row.orgId(), payload.contactId(), row.channelId(), true,
                  "provider" + (code == null ? "" : ":" + code), null, now);
            }
          }
          return null;
        });
        log.info("message {} failed for good ({})", row.messageId(), failed.kind());
      }
    }
    events.publish(LiveEvent.status(row.orgId(), conversationId));
  }

  /** 5 s, 10 s, 20 s … capped at 30 min, ±20 % jitter; never sooner than the provider asked. */
  static Duration backoff(int attempt, Optional<Duration> retryAfter) {
    long base = BASE_DELAY.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, MAX_DELAY.toMillis());
    long jitter = (long) (capped * 0.2 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
    Duration delay = Duration.ofMillis(Math.max(1000, capped + jitter));
    return retryAfter.filter(r -> r.compareTo(delay) > 0 && r.compareTo(MAX_DELAY) <= 0).orElse(delay);
  }

  /** Limits for a number, used to check replies before they are queued. */
  public ChannelLimits limits(ChannelNumber number) {
    return connectors.find(number.connectorId()).flatMap(this::safeChannel).map(c -> c.limits(number.address()))
        .orElse(ChannelLimits.SMS);
  }

  private static Thread thread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    running = false;
    scheduler.shutdownNow();
    senders.shutdown();
    try {
      senders.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
