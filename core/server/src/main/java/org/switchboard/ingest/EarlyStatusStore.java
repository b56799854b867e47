package org.switchboard.ingest;

import static org.switchboard.storage.schema.Tables.EARLY_STATUSES;

import com.google.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.switchboard.api.DeliveryStatus;
import org.switchboard.api.InboundEvent.StatusUpdate;

/**
 * Delivery statuses that came before their send was recorded, keyed by the provider id's blind index. Nothing in a
 * status is personal: a state, the provider's error code and its standard description.
 */
@Singleton
public class EarlyStatusStore {
  /**
   * Parked statuses kept at most per organization; past it (a provider account shared with other apps reports their
   * sends too) new ones are dropped, and one organization never crowds out another.
   */
  static final int MAX_PARKED_PER_ORG = 1_000;

  /** A parked status, ready to apply. */
  public record Parked(DeliveryStatus status, Optional<String> code, Optional<String> detail, boolean retryable) {}

  /** Parks a status; false when the organization's share is full. */
  boolean park(DSLContext tx, long orgId, byte[] providerRef, StatusUpdate update, Instant now) {
    if (tx.fetchCount(EARLY_STATUSES, EARLY_STATUSES.ORG_ID.eq(orgId)) >= MAX_PARKED_PER_ORG) {
      return false;
    }
    tx.insertInto(EARLY_STATUSES)
        .set(EARLY_STATUSES.ORG_ID, orgId)
        .set(EARLY_STATUSES.PROVIDER_REF, providerRef)
        .set(EARLY_STATUSES.STATUS, update.status().name())
        .set(EARLY_STATUSES.STATUS_CODE, update.providerCode().orElse(null))
        .set(EARLY_STATUSES.STATUS_DETAIL, update.detail().orElse(null))
        .set(EARLY_STATUSES.RETRYABLE, update.retryable() ? 1L : 0L)
        .set(EARLY_STATUSES.RECEIVED_AT, now.toEpochMilli())
        .execute();
    return true;
  }

  /** Takes (reads and deletes) the statuses parked for a send, oldest first. */
  List<Parked> take(DSLContext tx, long orgId, byte[] providerRef) {
    var condition = EARLY_STATUSES.PROVIDER_REF.eq(providerRef).and(EARLY_STATUSES.ORG_ID.eq(orgId));
    List<Parked> parked = tx.selectFrom(EARLY_STATUSES).where(condition).orderBy(EARLY_STATUSES.ID)
        .fetch(r -> new Parked(DeliveryStatus.valueOf(r.getStatus()), Optional.ofNullable(r.getStatusCode()),
            Optional.ofNullable(r.getStatusDetail()), r.getRetryable() == 1L));
    if (!parked.isEmpty()) {
      tx.deleteFrom(EARLY_STATUSES).where(condition).execute();
    }
    return parked;
  }

  /** Drops statuses parked before {@code cutoff}: whatever they were for was not sent from here. */
  public int deleteOlderThan(DSLContext tx, Instant cutoff) {
    return tx.deleteFrom(EARLY_STATUSES).where(EARLY_STATUSES.RECEIVED_AT.lt(cutoff.toEpochMilli())).execute();
  }
}
