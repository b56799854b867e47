package org.switchboard.boot;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.auth.SessionService;
import org.switchboard.conversations.ConversationStore;
import org.switchboard.conversations.MessageStore;
import org.switchboard.ingest.EarlyStatusStore;
import org.switchboard.media.AttachmentStore;
import org.switchboard.storage.Writer;

/**
 * Periodic clean-up: ends expired sessions (wiping their keys), deletes messages whose disappearing timer ran out,
 * removes outbound media links past their lifetime, and drops delivery statuses no send of ours claimed.
 */
@Singleton
public class Housekeeping implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
  /** How long a status that came before its send was recorded waits for it. */
  static final Duration EARLY_STATUS_WAIT = Duration.ofMinutes(10);

  private final SessionService sessions;
  private final MessageStore messages;
  private final ConversationStore conversations;
  private final AttachmentStore attachments;
  private final EarlyStatusStore earlyStatuses;
  private final Writer writer;
  private final Clock clock;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "housekeeping");
    t.setDaemon(true);
    return t;
  });

  @Inject
  Housekeeping(SessionService sessions, MessageStore messages, ConversationStore conversations,
      AttachmentStore attachments, EarlyStatusStore earlyStatuses, Writer writer, Clock clock) {
    this.sessions = sessions;
    this.messages = messages;
    this.conversations = conversations;
    this.attachments = attachments;
    this.earlyStatuses = earlyStatuses;
    this.writer = writer;
    this.clock = clock;
  }

  public void start() {
    executor.scheduleWithFixedDelay(this::runOnce, 30, 30, TimeUnit.SECONDS);
  }

  /** One pass of every clean-up. */
  public void runOnce() {
    try {
      sessions.sweep();
      var now = clock.instant();
      writer.write(tx -> {
        for (long conversationId : messages.deleteExpired(tx.dsl(), now)) {
          conversations.refreshLast(tx.dsl(), conversationId);
        }
        attachments.deleteExpiredOutboundMedia(tx.dsl(), now);
        earlyStatuses.deleteOlderThan(tx.dsl(), now.minus(EARLY_STATUS_WAIT));
        return null;
      });
    } catch (RuntimeException e) {
      log.warn("housekeeping failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
