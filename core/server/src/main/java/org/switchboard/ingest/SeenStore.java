package org.switchboard.ingest;

import static org.switchboard.storage.schema.Tables.INBOUND_SEEN;

import com.google.inject.Singleton;
import org.jooq.DSLContext;

/** Provider message ids already stored, as keyed hashes per connector: how provider retries are dropped. */
@Singleton
public class SeenStore {
  /** Records a provider id; false if it was already there (a retry). */
  public boolean markSeen(DSLContext tx, long connectorId, byte[] providerKey, long now) {
    return tx.insertInto(INBOUND_SEEN)
        .set(INBOUND_SEEN.CONNECTOR_ID, connectorId)
        .set(INBOUND_SEEN.PROVIDER_KEY, providerKey)
        .set(INBOUND_SEEN.SEEN_AT, now)
        .onConflictDoNothing().execute() == 1;
  }
}
