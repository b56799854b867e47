package org.switchboard.channels;

import static org.switchboard.storage.schema.Tables.CHANNELS;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;
import org.switchboard.crypto.VaultBox;
import org.switchboard.storage.Database;
import org.switchboard.storage.schema.tables.records.ChannelsRecord;

/** Activated numbers in SQLite: the address only as a blind index and vault ciphertext. */
@Singleton
public class ChannelNumberStore {
  private final Database database;

  @Inject
  ChannelNumberStore(Database database) {
    this.database = database;
  }

  /** A stored number, its address still encrypted. */
  public record Row(long id, long orgId, long connectorId, Optional<Long> inboxId, byte[] addressIndex,
      VaultBox address, String providerRef, String label, String kinds, boolean active, String webhookState,
      Instant createdAt) {}

  public long insert(DSLContext tx, long orgId, long connectorId, Long inboxId, byte[] addressIndex,
      VaultBox address, String providerRef, String label, String kinds, String webhookState, Instant now) {
    return tx.insertInto(CHANNELS)
        .set(CHANNELS.ORG_ID, orgId)
        .set(CHANNELS.CONNECTOR_ID, connectorId)
        .set(CHANNELS.INBOX_ID, inboxId)
        .set(CHANNELS.ADDRESS_INDEX, addressIndex)
        .set(CHANNELS.ADDRESS_ENC, address.bytes())
        .set(CHANNELS.ACTIVE, 1L)
        .set(CHANNELS.PROVIDER_REF, providerRef)
        .set(CHANNELS.LABEL, label)
        .set(CHANNELS.KINDS, kinds)
        .set(CHANNELS.WEBHOOK_STATE, webhookState)
        .set(CHANNELS.CREATED_AT, now.toEpochMilli())
        .returning(CHANNELS.ID).fetchOne().getId();
  }

  /** The active number with this address index, on any connector of the appliance. */
  public Optional<Row> activeByIndex(DSLContext dsl, byte[] addressIndex) {
    return dsl.selectFrom(CHANNELS).where(CHANNELS.ADDRESS_INDEX.eq(addressIndex), CHANNELS.ACTIVE.eq(1L))
        .fetchOptional(ChannelNumberStore::row);
  }

  /** Any row (active or not) of this connector with this address index. */
  public Optional<Row> byConnectorAndIndex(DSLContext dsl, long connectorId, byte[] addressIndex) {
    return dsl.selectFrom(CHANNELS).where(CHANNELS.CONNECTOR_ID.eq(connectorId),
        CHANNELS.ADDRESS_INDEX.eq(addressIndex)).orderBy(CHANNELS.ID.desc()).limit(1)
        .fetchOptional(ChannelNumberStore::row);
  }

  public Optional<Row> byId(long id) {
    return database.read().selectFrom(CHANNELS).where(CHANNELS.ID.eq(id)).fetchOptional(ChannelNumberStore::row);
  }

  public List<Row> forConnector(long connectorId) {
    return database.read().selectFrom(CHANNELS).where(CHANNELS.CONNECTOR_ID.eq(connectorId)).orderBy(CHANNELS.ID)
        .fetch(ChannelNumberStore::row);
  }

  public List<Row> inOrg(long orgId) {
    return database.read().selectFrom(CHANNELS).where(CHANNELS.ORG_ID.eq(orgId)).orderBy(CHANNELS.ID)
        .fetch(ChannelNumberStore::row);
  }

  public List<Row> allActive() {
    return database.read().selectFrom(CHANNELS).where(CHANNELS.ACTIVE.eq(1L)).orderBy(CHANNELS.ID)
        .fetch(ChannelNumberStore::row);
  }

  public void setActive(DSLContext tx, long id, boolean active, Long inboxId) {
    tx.update(CHANNELS).set(CHANNELS.ACTIVE, active ? 1L : 0L).set(CHANNELS.INBOX_ID, inboxId)
        .where(CHANNELS.ID.eq(id)).execute();
  }

  public void setInbox(DSLContext tx, long id, Long inboxId) {
    tx.update(CHANNELS).set(CHANNELS.INBOX_ID, inboxId).where(CHANNELS.ID.eq(id)).execute();
  }

  public void setWebhookState(DSLContext tx, long id, String state) {
    tx.update(CHANNELS).set(CHANNELS.WEBHOOK_STATE, state).where(CHANNELS.ID.eq(id)).execute();
  }

  public void markWebhooksMissing(DSLContext tx, long connectorId) {
    tx.update(CHANNELS).set(CHANNELS.WEBHOOK_STATE, "missing")
        .where(CHANNELS.CONNECTOR_ID.eq(connectorId), CHANNELS.WEBHOOK_STATE.ne("not_needed")).execute();
  }

  static Row row(ChannelsRecord r) {
    return new Row(r.getId(), r.getOrgId(), r.getConnectorId(), Optional.ofNullable(r.getInboxId()),
        r.getAddressIndex(), VaultBox.of(r.getAddressEnc()), r.getProviderRef(), r.getLabel(), r.getKinds(),
        r.getActive() == 1L, r.getWebhookState().toLowerCase(Locale.ROOT), Instant.ofEpochMilli(r.getCreatedAt()));
  }
}
