package org.switchboard.ingest;

import static org.switchboard.storage.schema.Tables.INBOUND_SEEN;

import static org.jooq.impl.DSL.param;

import com.google.inject.Singleton;
import org.switchboard.storage.Tx;

/** Provider message ids already stored, as keyed hashes per connector: how provider retries are dropped. */
@Singleton
public class SeenStore {
  /** Records a provider id; false if it was already there (a retry). */
  public boolean markSeen(Tx tx, long connectorId, byte[] providerKey, long now) {
    return tx.reuse("seen.insert", dsl -> dsl.insertInto(INBOUND_SEEN)
            .set(INBOUND_SEEN.CONNECTOR_ID, param("connector", Long.class))
            .set(INBOUND_SEEN.PROVIDER_KEY, param("key", byte[].class))
            .set(INBOUND_SEEN.SEEN_AT, param("at", Long.class))
            .onConflictDoNothing())
        .bind("connector", connectorId).bind("key", providerKey).bind("at", now).execute() == 1;
  }
}
