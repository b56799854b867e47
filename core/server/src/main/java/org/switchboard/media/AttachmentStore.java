package org.switchboard.media;

import static org.switchboard.storage.schema.Tables.ATTACHMENTS;
import static org.switchboard.storage.schema.Tables.MEDIA_FETCHES;
import static org.switchboard.storage.schema.Tables.OUTBOUND_MEDIA;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.switchboard.crypto.SealedBox;
import org.switchboard.crypto.VaultBox;
import org.switchboard.storage.Database;

/** Attachments (sealed), pending downloads (reference in the vault) and outbound media links. */
@Singleton
public class AttachmentStore {
  private final Database database;

  @Inject
  AttachmentStore(Database database) {
    this.database = database;
  }

  /** An attachment without its data. */
  public record Row(long id, long orgId, long messageId, String state, SealedBox meta, Optional<Long> size) {}

  /** A download to try. */
  public record Fetch(long attachmentId, long orgId, long connectorId, VaultBox ref, int attempts) {}

  public long insertPending(DSLContext tx, long orgId, long messageId, Instant now) {
    return tx.insertInto(ATTACHMENTS)
        .set(ATTACHMENTS.ORG_ID, orgId)
        .set(ATTACHMENTS.MESSAGE_ID, messageId)
        .set(ATTACHMENTS.STATE, "pending")
        .set(ATTACHMENTS.CREATED_AT, now.toEpochMilli())
        .returning(ATTACHMENTS.ID).fetchOne().getId();
  }

  public void insertFetch(DSLContext tx, long attachmentId, long connectorId, VaultBox ref, Instant now) {
    tx.insertInto(MEDIA_FETCHES)
        .set(MEDIA_FETCHES.ATTACHMENT_ID, attachmentId)
        .set(MEDIA_FETCHES.CONNECTOR_ID, connectorId)
        .set(MEDIA_FETCHES.REF_ENC, ref.bytes())
        .set(MEDIA_FETCHES.NEXT_ATTEMPT_AT, now.toEpochMilli())
        .execute();
  }

  public long insertStored(DSLContext tx, long orgId, long messageId, SealedBox meta, SealedBox data, long size,
      Instant now) {
    return tx.insertInto(ATTACHMENTS)
        .set(ATTACHMENTS.ORG_ID, orgId)
        .set(ATTACHMENTS.MESSAGE_ID, messageId)
        .set(ATTACHMENTS.STATE, "stored")
        .set(ATTACHMENTS.META_SEALED, meta.bytes())
        .set(ATTACHMENTS.DATA_SEALED, data.bytes())
        .set(ATTACHMENTS.SIZE, size)
        .set(ATTACHMENTS.CREATED_AT, now.toEpochMilli())
        .returning(ATTACHMENTS.ID).fetchOne().getId();
  }

  public List<Fetch> dueFetches(Instant now, int limit) {
    return database.read()
        .select(MEDIA_FETCHES.ATTACHMENT_ID, ATTACHMENTS.ORG_ID, MEDIA_FETCHES.CONNECTOR_ID, MEDIA_FETCHES.REF_ENC,
            MEDIA_FETCHES.ATTEMPTS)
        .from(MEDIA_FETCHES).join(ATTACHMENTS).on(ATTACHMENTS.ID.eq(MEDIA_FETCHES.ATTACHMENT_ID))
        .where(MEDIA_FETCHES.NEXT_ATTEMPT_AT.le(now.toEpochMilli()))
        .orderBy(MEDIA_FETCHES.NEXT_ATTEMPT_AT).limit(limit)
        .fetch(r -> new Fetch(r.value1(), r.value2(), r.value3(), VaultBox.of(r.value4()), r.value5().intValue()));
  }

  public void stored(DSLContext tx, long attachmentId, SealedBox meta, SealedBox data, long size) {
    tx.update(ATTACHMENTS).set(ATTACHMENTS.STATE, "stored").set(ATTACHMENTS.META_SEALED, meta.bytes())
        .set(ATTACHMENTS.DATA_SEALED, data.bytes()).set(ATTACHMENTS.SIZE, size)
        .where(ATTACHMENTS.ID.eq(attachmentId)).execute();
    tx.deleteFrom(MEDIA_FETCHES).where(MEDIA_FETCHES.ATTACHMENT_ID.eq(attachmentId)).execute();
  }

  public void retryLater(DSLContext tx, long attachmentId, int attempts, Instant next, String error) {
    tx.update(MEDIA_FETCHES).set(MEDIA_FETCHES.ATTEMPTS, (long) attempts)
        .set(MEDIA_FETCHES.NEXT_ATTEMPT_AT, next.toEpochMilli()).set(MEDIA_FETCHES.LAST_ERROR, error)
        .where(MEDIA_FETCHES.ATTACHMENT_ID.eq(attachmentId)).execute();
  }

  /** Marks a download that is still pending as failed for good (never one that was stored meanwhile). */
  public void failed(DSLContext tx, long attachmentId, SealedBox meta) {
    tx.update(ATTACHMENTS).set(ATTACHMENTS.STATE, "failed").set(ATTACHMENTS.META_SEALED, meta.bytes())
        .where(ATTACHMENTS.ID.eq(attachmentId), ATTACHMENTS.STATE.eq("pending")).execute();
    tx.deleteFrom(MEDIA_FETCHES).where(MEDIA_FETCHES.ATTACHMENT_ID.eq(attachmentId)).execute();
  }

  public List<Row> forMessages(Collection<Long> messageIds) {
    if (messageIds.isEmpty()) {
      return List.of();
    }
    return database.read()
        .select(ATTACHMENTS.ID, ATTACHMENTS.ORG_ID, ATTACHMENTS.MESSAGE_ID, ATTACHMENTS.STATE, ATTACHMENTS.META_SEALED,
            ATTACHMENTS.SIZE)
        .from(ATTACHMENTS).where(ATTACHMENTS.MESSAGE_ID.in(messageIds)).orderBy(ATTACHMENTS.ID)
        .fetch(r -> new Row(r.value1(), r.value2(), r.value3(), r.value4(), SealedBox.ofNullable(r.value5()),
            Optional.ofNullable(r.value6())));
  }

  /** An attachment with its sealed data. */
  public record Data(long id, long orgId, long messageId, SealedBox meta, SealedBox data) {}

  public Optional<Data> data(long attachmentId) {
    return database.read()
        .select(ATTACHMENTS.ID, ATTACHMENTS.ORG_ID, ATTACHMENTS.MESSAGE_ID, ATTACHMENTS.META_SEALED,
            ATTACHMENTS.DATA_SEALED)
        .from(ATTACHMENTS).where(ATTACHMENTS.ID.eq(attachmentId), ATTACHMENTS.STATE.eq("stored"))
        .fetchOptional(r -> new Data(r.value1(), r.value2(), r.value3(), SealedBox.of(r.value4()),
            SealedBox.of(r.value5())));
  }

  /** The conversation an attachment belongs to (0 if it is gone). */
  public long conversationOf(DSLContext dsl, long attachmentId) {
    Long id = dsl.select(org.switchboard.storage.schema.Tables.MESSAGES.CONVERSATION_ID).from(ATTACHMENTS)
        .join(org.switchboard.storage.schema.Tables.MESSAGES)
        .on(org.switchboard.storage.schema.Tables.MESSAGES.ID.eq(ATTACHMENTS.MESSAGE_ID))
        .where(ATTACHMENTS.ID.eq(attachmentId)).fetchOne(org.switchboard.storage.schema.Tables.MESSAGES.CONVERSATION_ID);
    return id == null ? 0 : id;
  }

  public void insertOutboundMedia(DSLContext tx, String token, long orgId, long messageId, VaultBox data,
      Instant expires) {
    tx.insertInto(OUTBOUND_MEDIA)
        .set(OUTBOUND_MEDIA.TOKEN, token)
        .set(OUTBOUND_MEDIA.ORG_ID, orgId)
        .set(OUTBOUND_MEDIA.MESSAGE_ID, messageId)
        .set(OUTBOUND_MEDIA.DATA_ENC, data.bytes())
        .set(OUTBOUND_MEDIA.EXPIRES_AT, expires.toEpochMilli())
        .execute();
  }

  public Optional<VaultBox> outboundMedia(String token, Instant now) {
    return database.read().select(OUTBOUND_MEDIA.DATA_ENC).from(OUTBOUND_MEDIA)
        .where(OUTBOUND_MEDIA.TOKEN.eq(token), OUTBOUND_MEDIA.EXPIRES_AT.gt(now.toEpochMilli()))
        .fetchOptional(OUTBOUND_MEDIA.DATA_ENC).map(VaultBox::of);
  }

  public int deleteExpiredOutboundMedia(DSLContext tx, Instant now) {
    return tx.deleteFrom(OUTBOUND_MEDIA).where(OUTBOUND_MEDIA.EXPIRES_AT.le(now.toEpochMilli())).execute();
  }
}
