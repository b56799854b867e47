package org.switchboard.conversations;

import static org.switchboard.storage.schema.Tables.CONTACTS;
import static org.switchboard.storage.schema.Tables.CONTACT_ADDRESSES;
import static org.switchboard.storage.schema.Tables.CONVERSATIONS;
import static org.switchboard.storage.schema.Tables.CONVERSATION_READS;
import static org.switchboard.storage.schema.Tables.MESSAGES;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.switchboard.crypto.SealedBox;
import org.switchboard.storage.Database;
import org.switchboard.storage.schema.tables.records.ConversationsRecord;

/** Conversations in SQLite, and the inbox list query (one indexed scan, previews still sealed). */
@Singleton
public class ConversationStore {
  private final Database database;

  @Inject
  ConversationStore(Database database) {
    this.database = database;
  }

  /** A stored conversation. */
  public record Row(long id, long orgId, long inboxId, long contactId, ConversationStatus status,
      Optional<Long> assigneeId, Optional<Long> replyChannelId, Optional<Long> replyAddressId,
      Optional<Long> lastMessageId, Optional<Long> lastInboundMessageId, Instant lastMessageAt,
      Optional<Integer> disappearingSeconds, Instant createdAt) {}

  /** One inbox row, still sealed. */
  public record SummaryRow(long id, long contactId, ConversationStatus status, Optional<Long> assigneeId,
      Instant lastMessageAt, Optional<Direction> lastDirection, SealedBox lastBody, int lastMediaCount,
      SealedBox contactName, SealedBox replyAddress, boolean unread, Optional<Long> replyChannelId) {}

  /** Which conversations the inbox shows. */
  public record Filter(View view, Optional<ConversationStatus> status) {}

  /** Mine / Unassigned / All. */
  public enum View { MINE, UNASSIGNED, ALL }

  public Optional<Row> byContact(DSLContext dsl, long contactId) {
    return dsl.selectFrom(CONVERSATIONS).where(CONVERSATIONS.CONTACT_ID.eq(contactId))
        .fetchOptional(ConversationStore::row);
  }

  public Optional<Row> byId(DSLContext dsl, long id) {
    return dsl.selectFrom(CONVERSATIONS).where(CONVERSATIONS.ID.eq(id)).fetchOptional(ConversationStore::row);
  }

  public Optional<Row> byId(long id) {
    return byId(database.read(), id);
  }

  public long insert(DSLContext tx, long orgId, long inboxId, long contactId, Instant now) {
    return tx.insertInto(CONVERSATIONS)
        .set(CONVERSATIONS.ORG_ID, orgId)
        .set(CONVERSATIONS.INBOX_ID, inboxId)
        .set(CONVERSATIONS.CONTACT_ID, contactId)
        .set(CONVERSATIONS.STATUS, ConversationStatus.OPEN.id())
        .set(CONVERSATIONS.LAST_MESSAGE_AT, now.toEpochMilli())
        .set(CONVERSATIONS.CREATED_AT, now.toEpochMilli())
        .returning(CONVERSATIONS.ID).fetchOne().getId();
  }

  /** Records an outbound message or a note as the newest. */
  public void touchOutbound(DSLContext tx, long id, long messageId, Instant at) {
    tx.update(CONVERSATIONS)
        .set(CONVERSATIONS.LAST_MESSAGE_ID, messageId)
        .set(CONVERSATIONS.LAST_MESSAGE_AT, at.toEpochMilli())
        .where(CONVERSATIONS.ID.eq(id)).execute();
  }

  public void setStatus(DSLContext tx, long id, ConversationStatus status) {
    tx.update(CONVERSATIONS).set(CONVERSATIONS.STATUS, status.id()).where(CONVERSATIONS.ID.eq(id)).execute();
  }

  public void setAssignee(DSLContext tx, long id, Long userId) {
    tx.update(CONVERSATIONS).set(CONVERSATIONS.ASSIGNEE_ID, userId).where(CONVERSATIONS.ID.eq(id)).execute();
  }

  public void setDisappearing(DSLContext tx, long id, Integer seconds) {
    tx.update(CONVERSATIONS).set(CONVERSATIONS.DISAPPEARING_SECONDS, seconds == null ? null : seconds.longValue())
        .where(CONVERSATIONS.ID.eq(id)).execute();
  }

  /** Re-points the newest-message columns after messages were deleted (expiry). */
  public void refreshLast(DSLContext tx, long id) {
    var last = tx.select(DSL.max(MESSAGES.ID)).from(MESSAGES).where(MESSAGES.CONVERSATION_ID.eq(id)).fetchOne(0,
        Long.class);
    tx.update(CONVERSATIONS).set(CONVERSATIONS.LAST_MESSAGE_ID, last).where(CONVERSATIONS.ID.eq(id)).execute();
  }

  public void markRead(DSLContext tx, long id, long userId, long messageId) {
    tx.insertInto(CONVERSATION_READS)
        .set(CONVERSATION_READS.CONVERSATION_ID, id)
        .set(CONVERSATION_READS.USER_ID, userId)
        .set(CONVERSATION_READS.LAST_READ_MESSAGE_ID, messageId)
        .onConflict(CONVERSATION_READS.CONVERSATION_ID, CONVERSATION_READS.USER_ID)
        .doUpdate().set(CONVERSATION_READS.LAST_READ_MESSAGE_ID,
            DSL.greatest(CONVERSATION_READS.LAST_READ_MESSAGE_ID, DSL.val(messageId)))
        .execute();
  }

  /** The inbox list, newest first, paged by {@code (lastMessageAt, id)} of the last row seen. */
  public List<SummaryRow> list(long orgId, long userId, Filter filter, int limit, Optional<Cursor> before) {
    List<Condition> where = new ArrayList<>();
    where.add(CONVERSATIONS.ORG_ID.eq(orgId));
    switch (filter.view()) {
      case MINE -> where.add(CONVERSATIONS.ASSIGNEE_ID.eq(userId));
      case UNASSIGNED -> where.add(CONVERSATIONS.ASSIGNEE_ID.isNull());
      default -> { }
    }
    filter.status().ifPresent(s -> where.add(CONVERSATIONS.STATUS.eq(s.id())));
    before.ifPresent(c -> where.add(DSL.row(CONVERSATIONS.LAST_MESSAGE_AT, CONVERSATIONS.ID)
        .lt(c.lastMessageAt().toEpochMilli(), c.id())));
    var read = CONVERSATION_READS.as("r");
    return database.read()
        .select(CONVERSATIONS.ID, CONVERSATIONS.CONTACT_ID, CONVERSATIONS.STATUS, CONVERSATIONS.ASSIGNEE_ID,
            CONVERSATIONS.LAST_MESSAGE_AT, MESSAGES.DIRECTION, MESSAGES.BODY_SEALED, MESSAGES.MEDIA_COUNT,
            CONTACTS.NAME_SEALED, CONTACT_ADDRESSES.ADDRESS_SEALED, CONVERSATIONS.LAST_INBOUND_MESSAGE_ID,
            read.LAST_READ_MESSAGE_ID, CONVERSATIONS.REPLY_CHANNEL_ID)
        .from(CONVERSATIONS)
        .join(CONTACTS).on(CONTACTS.ID.eq(CONVERSATIONS.CONTACT_ID))
        .leftJoin(MESSAGES).on(MESSAGES.ID.eq(CONVERSATIONS.LAST_MESSAGE_ID))
        .leftJoin(CONTACT_ADDRESSES).on(CONTACT_ADDRESSES.ID.eq(CONVERSATIONS.REPLY_ADDRESS_ID))
        .leftJoin(read).on(read.CONVERSATION_ID.eq(CONVERSATIONS.ID), read.USER_ID.eq(userId))
        .where(where)
        .orderBy(CONVERSATIONS.LAST_MESSAGE_AT.desc(), CONVERSATIONS.ID.desc())
        .limit(limit)
        .fetch(ConversationStore::summary);
  }

  /** Where the next page starts. */
  public record Cursor(Instant lastMessageAt, long id) {
    public String encode() {
      return lastMessageAt.toEpochMilli() + "." + id;
    }

    public static Optional<Cursor> decode(String text) {
      if (text == null || !text.matches("[0-9]{1,15}\\.[0-9]{1,18}")) {
        return Optional.empty();
      }
      String[] parts = text.split("\\.");
      return Optional.of(new Cursor(Instant.ofEpochMilli(Long.parseLong(parts[0])), Long.parseLong(parts[1])));
    }
  }

  /** How many open conversations each member has (for assignment and the team view). */
  public int countOpenAssigned(long orgId, long userId) {
    return database.read().fetchCount(CONVERSATIONS, CONVERSATIONS.ORG_ID.eq(orgId),
        CONVERSATIONS.ASSIGNEE_ID.eq(userId), CONVERSATIONS.STATUS.eq(ConversationStatus.OPEN.id()));
  }

  private static SummaryRow summary(Record r) {
    Long lastInbound = r.get(CONVERSATIONS.LAST_INBOUND_MESSAGE_ID);
    Long lastRead = r.get(CONVERSATION_READS.as("r").LAST_READ_MESSAGE_ID);
    boolean unread = lastInbound != null && (lastRead == null || lastRead < lastInbound);
    String direction = r.get(MESSAGES.DIRECTION);
    Long media = r.get(MESSAGES.MEDIA_COUNT);
    return new SummaryRow(r.get(CONVERSATIONS.ID), r.get(CONVERSATIONS.CONTACT_ID),
        ConversationStatus.parse(r.get(CONVERSATIONS.STATUS)), Optional.ofNullable(r.get(CONVERSATIONS.ASSIGNEE_ID)),
        Instant.ofEpochMilli(r.get(CONVERSATIONS.LAST_MESSAGE_AT)),
        Optional.ofNullable(direction).map(Direction::parse), SealedBox.ofNullable(r.get(MESSAGES.BODY_SEALED)),
        media == null ? 0 : media.intValue(), SealedBox.ofNullable(r.get(CONTACTS.NAME_SEALED)),
        SealedBox.ofNullable(r.get(CONTACT_ADDRESSES.ADDRESS_SEALED)), unread,
        Optional.ofNullable(r.get(CONVERSATIONS.REPLY_CHANNEL_ID)));
  }

  static Row row(ConversationsRecord r) {
    return new Row(r.getId(), r.getOrgId(), r.getInboxId(), r.getContactId(),
        ConversationStatus.parse(r.getStatus()), Optional.ofNullable(r.getAssigneeId()),
        Optional.ofNullable(r.getReplyChannelId()), Optional.ofNullable(r.getReplyAddressId()),
        Optional.ofNullable(r.getLastMessageId()), Optional.ofNullable(r.getLastInboundMessageId()),
        Instant.ofEpochMilli(r.getLastMessageAt()),
        Optional.ofNullable(r.getDisappearingSeconds()).map(Long::intValue), Instant.ofEpochMilli(r.getCreatedAt()));
  }
}
