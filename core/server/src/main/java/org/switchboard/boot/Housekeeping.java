package org.switchboard.boot;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.auth.SessionService;
import org.switchboard.conversations.ConversationStore;
import org.switchboard.conversations.MessageStore;
import org.switchboard.media.AttachmentStore;
import org.switchboard.storage.Writer;

/**
 * Periodic clean-up: ends expired sessions (wiping their keys), deletes messages whose disappearing timer ran out,
 * and removes outbound media links past their lifetime.
 */
@Singleton
public class Housekeeping implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

  private final SessionService sessions;
  private final MessageStore messages;
  private final ConversationStore conversations;
  private final AttachmentStore attachments;
  private final Writer writer;
  private final Clock clock;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "housekeeping");
    t.setDaemon(true);
    return t;
  });

  @Inject
  Housekeeping(SessionService sessions, MessageStore messages, ConversationStore conversations,
      AttachmentStore attachments, Writer writer, Clock clock) {
    this.sessions = sessions;
    this.messages = messages;
    this.conversations = conversations;
    this.attachments = attachments;
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
