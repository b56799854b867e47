package org.switchboard.outbox;

import static org.switchboard.storage.schema.Tables.OUTBOX;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.switchboard.crypto.VaultBox;
import org.switchboard.storage.Database;

/** The durable queue of replies waiting to be sent; payloads only as vault ciphertext. */
@Singleton
public class OutboxStore {
  private final Database database;

  @Inject
  OutboxStore(Database database) {
    this.database = database;
  }

  /** A queued send. */
  public record Row(long id, long orgId, long messageId, long channelId, VaultBox payload, int attempts,
      Instant nextAttemptAt, String state) {}

  public long insert(DSLContext tx, long orgId, long messageId, long channelId, VaultBox payload, Instant now) {
    return tx.insertInto(OUTBOX)
        .set(OUTBOX.ORG_ID, orgId)
        .set(OUTBOX.MESSAGE_ID, messageId)
        .set(OUTBOX.CHANNEL_ID, channelId)
        .set(OUTBOX.PAYLOAD_ENC, payload.bytes())
        .set(OUTBOX.NEXT_ATTEMPT_AT, now.toEpochMilli())
        .set(OUTBOX.CREATED_AT, now.toEpochMilli())
        .returning(OUTBOX.ID).fetchOne().getId();
  }

  public List<Row> due(Instant now, int limit) {
    return database.read().selectFrom(OUTBOX)
        .where(OUTBOX.STATE.eq("pending"), OUTBOX.NEXT_ATTEMPT_AT.le(now.toEpochMilli()))
        .orderBy(OUTBOX.NEXT_ATTEMPT_AT, OUTBOX.ID).limit(limit)
        .fetch(r -> new Row(r.getId(), r.getOrgId(), r.getMessageId(), r.getChannelId(), VaultBox.of(r.getPayloadEnc()),
            r.getAttempts().intValue(), Instant.ofEpochMilli(r.getNextAttemptAt()), r.getState()));
  }

  public Optional<Instant> nextDue() {
    return database.read().select(org.jooq.impl.DSL.min(OUTBOX.NEXT_ATTEMPT_AT)).from(OUTBOX)
        .where(OUTBOX.STATE.eq("pending")).fetchOptional(0, Long.class).map(Instant::ofEpochMilli);
  }

  /** Claims a row for sending; false if someone else did or it is gone. */
  public boolean claim(DSLContext tx, long id) {
    return tx.update(OUTBOX).set(OUTBOX.STATE, "sending").set(OUTBOX.ATTEMPTS, OUTBOX.ATTEMPTS.plus(1))
        .where(OUTBOX.ID.eq(id), OUTBOX.STATE.eq("pending")).execute() == 1;
  }

  /** Puts a claimed send back in the queue; false if it is no longer claimed (its outcome was already written). */
  public boolean retryLater(DSLContext tx, long id, Instant next, String error) {
    return tx.update(OUTBOX).set(OUTBOX.STATE, "pending").set(OUTBOX.NEXT_ATTEMPT_AT, next.toEpochMilli())
        .set(OUTBOX.LAST_ERROR, error).where(OUTBOX.ID.eq(id), OUTBOX.STATE.eq("sending")).execute() == 1;
  }

  /** Removes a claimed send whose outcome is final; false if it is no longer claimed (already written). */
  public boolean finish(DSLContext tx, long id) {
    return tx.deleteFrom(OUTBOX).where(OUTBOX.ID.eq(id), OUTBOX.STATE.eq("sending")).execute() == 1;
  }

  /** Postpones a row without counting an attempt (rate limit). */
  public void postpone(DSLContext tx, long id, Instant next) {
    tx.update(OUTBOX).set(OUTBOX.NEXT_ATTEMPT_AT, next.toEpochMilli()).where(OUTBOX.ID.eq(id)).execute();
  }

  /** After a crash, sends that were in flight go back to the queue (the provider may not have seen them). */
  public int resetInFlight(DSLContext tx) {
    return tx.update(OUTBOX).set(OUTBOX.STATE, "pending").where(OUTBOX.STATE.eq("sending")).execute();
  }

  public int count(long orgId) {
    return database.read().fetchCount(OUTBOX, OUTBOX.ORG_ID.eq(orgId));
  }

  public int countAll() {
    return database.read().fetchCount(OUTBOX);
  }
}
