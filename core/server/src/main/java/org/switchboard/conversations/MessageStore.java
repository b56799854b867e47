package org.switchboard.conversations;

import static org.switchboard.storage.schema.Tables.MESSAGES;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.switchboard.crypto.SealedBox;
import org.switchboard.storage.Database;
import org.switchboard.storage.schema.tables.records.MessagesRecord;

/** Messages in SQLite: bodies sealed; provider ids only as keyed hashes. */
@Singleton
public class MessageStore {
  private final Database database;

  @Inject
  MessageStore(Database database) {
    this.database = database;
  }

  /** A stored message, body still sealed. */
  public record Row(long id, long orgId, long conversationId, Optional<Long> channelId, Direction direction,
      Optional<Long> authorId, SealedBox body, SealedBox quote, MessageStatus status, Optional<String> statusCode,
      Optional<String> statusDetail, int mediaCount, Optional<Instant> expiresAt, Instant createdAt,
      Instant updatedAt) {}

  /** A message to insert. */
  public record New(long orgId, long conversationId, Long channelId, Direction direction, Long authorId,
      SealedBox body, SealedBox quote, MessageStatus status, int mediaCount, Instant expiresAt) {}

  public long insert(DSLContext tx, New m, Instant now) {
    return tx.insertInto(MESSAGES)
        .set(MESSAGES.ORG_ID, m.orgId())
        .set(MESSAGES.CONVERSATION_ID, m.conversationId())
        .set(MESSAGES.CHANNEL_ID, m.channelId())
        .set(MESSAGES.DIRECTION, m.direction().id())
        .set(MESSAGES.AUTHOR_ID, m.authorId())
        .set(MESSAGES.BODY_SEALED, m.body().bytes())
        .set(MESSAGES.QUOTE_SEALED, m.quote() == null ? null : m.quote().bytes())
        .set(MESSAGES.STATUS, m.status().id())
        .set(MESSAGES.MEDIA_COUNT, (long) m.mediaCount())
        .set(MESSAGES.EXPIRES_AT, m.expiresAt() == null ? null : m.expiresAt().toEpochMilli())
        .set(MESSAGES.CREATED_AT, now.toEpochMilli())
        .set(MESSAGES.UPDATED_AT, now.toEpochMilli())
        .returning(MESSAGES.ID).fetchOne().getId();
  }

  /** The newest {@code limit} messages of a conversation, oldest first. */
  public List<Row> recent(long conversationId, int limit) {
    List<Row> newestFirst = database.read().selectFrom(MESSAGES).where(MESSAGES.CONVERSATION_ID.eq(conversationId))
        .orderBy(MESSAGES.ID.desc()).limit(limit).fetch(MessageStore::row);
    List<Row> oldestFirst = new java.util.ArrayList<>(newestFirst);
    java.util.Collections.reverse(oldestFirst);
    return oldestFirst;
  }

  public Optional<Row> byId(DSLContext dsl, long id) {
    return dsl.selectFrom(MESSAGES).where(MESSAGES.ID.eq(id)).fetchOptional(MessageStore::row);
  }

  public Optional<Row> byId(long id) {
    return byId(database.read(), id);
  }

  public Optional<Row> byProviderRef(DSLContext dsl, byte[] providerRef) {
    return dsl.selectFrom(MESSAGES).where(MESSAGES.PROVIDER_REF.eq(providerRef)).fetchOptional(MessageStore::row);
  }

  public void setProviderRef(DSLContext tx, long id, byte[] providerRef) {
    tx.update(MESSAGES).set(MESSAGES.PROVIDER_REF, providerRef).where(MESSAGES.ID.eq(id)).execute();
  }

  public void updateStatus(DSLContext tx, long id, MessageStatus status, String code, String detail, Instant now) {
    tx.update(MESSAGES)
        .set(MESSAGES.STATUS, status.id())
        .set(MESSAGES.STATUS_CODE, code)
        .set(MESSAGES.STATUS_DETAIL, detail)
        .set(MESSAGES.UPDATED_AT, now.toEpochMilli())
        .where(MESSAGES.ID.eq(id)).execute();
  }

  /** Gives every message of a conversation that has no expiry one, {@code timer} after it was stored. */
  public int expireUnexpiring(DSLContext tx, long conversationId, java.time.Duration timer) {
    return tx.update(MESSAGES).set(MESSAGES.EXPIRES_AT, MESSAGES.CREATED_AT.plus(timer.toMillis()))
        .where(MESSAGES.CONVERSATION_ID.eq(conversationId), MESSAGES.EXPIRES_AT.isNull()).execute();
  }

  /** Deletes messages whose disappearing timer ran out; returns their conversation ids. */
  public List<Long> deleteExpired(DSLContext tx, Instant now) {
    List<Long> conversations = tx.selectDistinct(MESSAGES.CONVERSATION_ID).from(MESSAGES)
        .where(MESSAGES.EXPIRES_AT.le(now.toEpochMilli())).fetch(MESSAGES.CONVERSATION_ID);
    tx.deleteFrom(MESSAGES).where(MESSAGES.EXPIRES_AT.le(now.toEpochMilli())).execute();
    return conversations;
  }

  static Row row(MessagesRecord r) {
    return new Row(r.getId(), r.getOrgId(), r.getConversationId(), Optional.ofNullable(r.getChannelId()),
        Direction.parse(r.getDirection()), Optional.ofNullable(r.getAuthorId()), SealedBox.of(r.getBodySealed()),
        SealedBox.ofNullable(r.getQuoteSealed()), MessageStatus.parse(r.getStatus()),
        Optional.ofNullable(r.getStatusCode()), Optional.ofNullable(r.getStatusDetail()),
        r.getMediaCount().intValue(), Optional.ofNullable(r.getExpiresAt()).map(Instant::ofEpochMilli),
        Instant.ofEpochMilli(r.getCreatedAt()), Instant.ofEpochMilli(r.getUpdatedAt()));
  }
}
