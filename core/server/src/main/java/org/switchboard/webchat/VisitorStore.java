package org.switchboard.webchat;

import static org.switchboard.storage.schema.Tables.WEBCHAT_TRANSCRIPT;
import static org.switchboard.storage.schema.Tables.WEBCHAT_VISITORS;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.switchboard.storage.Database;

/** Web chat visitors (by blind index, with their public key) and their copy of the conversation (sealed to it). */
@Singleton
public class VisitorStore {
  private final Database database;

  @Inject
  VisitorStore(Database database) {
    this.database = database;
  }

  /** A visitor row. */
  public record Row(long id, long orgId, long channelId, byte[] publicKey) {}

  /** One line of a visitor's transcript, sealed to their key. */
  public record Line(long id, Long messageId, String direction, byte[] body, Instant createdAt,
      Optional<Instant> seenAt) {}

  public Optional<Row> byIndex(DSLContext dsl, byte[] index) {
    return dsl.select(WEBCHAT_VISITORS.ID, WEBCHAT_VISITORS.ORG_ID, WEBCHAT_VISITORS.CHANNEL_ID,
        WEBCHAT_VISITORS.PUBLIC_KEY).from(WEBCHAT_VISITORS).where(WEBCHAT_VISITORS.VISITOR_INDEX.eq(index))
        .fetchOptional(r -> new Row(r.value1(), r.value2(), r.value3(), r.value4()));
  }

  public Optional<Row> byIndex(byte[] index) {
    return byIndex(database.read(), index);
  }

  public long insert(DSLContext tx, long orgId, long channelId, byte[] index, byte[] publicKey, Instant now) {
    return tx.insertInto(WEBCHAT_VISITORS)
        .set(WEBCHAT_VISITORS.ORG_ID, orgId)
        .set(WEBCHAT_VISITORS.CHANNEL_ID, channelId)
        .set(WEBCHAT_VISITORS.VISITOR_INDEX, index)
        .set(WEBCHAT_VISITORS.PUBLIC_KEY, publicKey)
        .set(WEBCHAT_VISITORS.CREATED_AT, now.toEpochMilli())
        .returning(WEBCHAT_VISITORS.ID).fetchOne().getId();
  }

  public long insertLine(DSLContext tx, long visitorId, Long messageId, String direction, byte[] sealedBody,
      Instant now) {
    return tx.insertInto(WEBCHAT_TRANSCRIPT)
        .set(WEBCHAT_TRANSCRIPT.VISITOR_ID, visitorId)
        .set(WEBCHAT_TRANSCRIPT.MESSAGE_ID, messageId)
        .set(WEBCHAT_TRANSCRIPT.DIRECTION, direction)
        .set(WEBCHAT_TRANSCRIPT.BODY_SEALED, sealedBody)
        .set(WEBCHAT_TRANSCRIPT.CREATED_AT, now.toEpochMilli())
        .returning(WEBCHAT_TRANSCRIPT.ID).fetchOne().getId();
  }

  public List<Line> lines(long visitorId, int limit) {
    List<Line> newest = database.read().selectFrom(WEBCHAT_TRANSCRIPT).where(WEBCHAT_TRANSCRIPT.VISITOR_ID.eq(visitorId))
        .orderBy(WEBCHAT_TRANSCRIPT.ID.desc()).limit(limit)
        .fetch(r -> new Line(r.getId(), r.getMessageId(), r.getDirection(), r.getBodySealed(),
            Instant.ofEpochMilli(r.getCreatedAt()), Optional.ofNullable(r.getSeenAt()).map(Instant::ofEpochMilli)));
    List<Line> oldestFirst = new java.util.ArrayList<>(newest);
    java.util.Collections.reverse(oldestFirst);
    return oldestFirst;
  }

  /** Marks outbound lines seen; returns their ids. */
  public List<Long> markSeen(DSLContext tx, long visitorId, Instant now) {
    List<Long> ids = tx.select(WEBCHAT_TRANSCRIPT.ID).from(WEBCHAT_TRANSCRIPT)
        .where(WEBCHAT_TRANSCRIPT.VISITOR_ID.eq(visitorId), WEBCHAT_TRANSCRIPT.DIRECTION.eq("out"),
            WEBCHAT_TRANSCRIPT.SEEN_AT.isNull()).fetch(WEBCHAT_TRANSCRIPT.ID);
    if (!ids.isEmpty()) {
      tx.update(WEBCHAT_TRANSCRIPT).set(WEBCHAT_TRANSCRIPT.SEEN_AT, now.toEpochMilli())
          .where(WEBCHAT_TRANSCRIPT.ID.in(ids)).execute();
    }
    return ids;
  }
}
