package org.switchboard.channels;

import static org.switchboard.storage.schema.Tables.CONNECTORS;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;
import org.switchboard.crypto.VaultBox;
import org.switchboard.storage.Database;
import org.switchboard.storage.schema.tables.records.ConnectorsRecord;

/** Connectors in SQLite; settings only as vault ciphertext. */
@Singleton
public class ConnectorStore {
  private final Database database;

  @Inject
  ConnectorStore(Database database) {
    this.database = database;
  }

  public long insert(DSLContext tx, long orgId, String type, String name, VaultBox config, String webhookToken,
      Instant now) {
    return tx.insertInto(CONNECTORS)
        .set(CONNECTORS.ORG_ID, orgId)
        .set(CONNECTORS.TYPE, type)
        .set(CONNECTORS.NAME, name)
        .set(CONNECTORS.CONFIG_ENC, config.bytes())
        .set(CONNECTORS.STATE, "unchecked")
        .set(CONNECTORS.WEBHOOK_TOKEN, webhookToken)
        .set(CONNECTORS.CREATED_AT, now.toEpochMilli())
        .returning(CONNECTORS.ID).fetchOne().getId();
  }

  public void update(DSLContext tx, long id, String name, VaultBox config) {
    tx.update(CONNECTORS).set(CONNECTORS.NAME, name).set(CONNECTORS.CONFIG_ENC, config.bytes())
        .where(CONNECTORS.ID.eq(id)).execute();
  }

  public void setState(DSLContext tx, long id, Connector.State state, String detail, Instant now) {
    tx.update(CONNECTORS)
        .set(CONNECTORS.STATE, state.name().toLowerCase(Locale.ROOT))
        .set(CONNECTORS.STATE_DETAIL, detail)
        .set(CONNECTORS.CHECKED_AT, now.toEpochMilli())
        .where(CONNECTORS.ID.eq(id)).execute();
  }

  public void setWebhookToken(DSLContext tx, long id, String token) {
    tx.update(CONNECTORS).set(CONNECTORS.WEBHOOK_TOKEN, token).where(CONNECTORS.ID.eq(id)).execute();
  }

  public Optional<Connector> byId(long id) {
    return database.read().selectFrom(CONNECTORS).where(CONNECTORS.ID.eq(id)).fetchOptional(ConnectorStore::toConnector);
  }

  public Optional<Connector> byWebhookToken(String token) {
    return database.read().selectFrom(CONNECTORS).where(CONNECTORS.WEBHOOK_TOKEN.eq(token))
        .fetchOptional(ConnectorStore::toConnector);
  }

  public Optional<VaultBox> config(long id) {
    return database.read().select(CONNECTORS.CONFIG_ENC).from(CONNECTORS).where(CONNECTORS.ID.eq(id))
        .fetchOptional(CONNECTORS.CONFIG_ENC).map(VaultBox::of);
  }

  public List<Connector> inOrg(long orgId) {
    return database.read().selectFrom(CONNECTORS).where(CONNECTORS.ORG_ID.eq(orgId)).orderBy(CONNECTORS.ID)
        .fetch(ConnectorStore::toConnector);
  }

  public List<Connector> all() {
    return database.read().selectFrom(CONNECTORS).orderBy(CONNECTORS.ID).fetch(ConnectorStore::toConnector);
  }

  private static Connector toConnector(ConnectorsRecord r) {
    return new Connector(r.getId(), r.getOrgId(), r.getType(), r.getName(),
        Connector.State.valueOf(r.getState().toUpperCase(Locale.ROOT)), r.getStateDetail(),
        Optional.ofNullable(r.getCheckedAt()).map(Instant::ofEpochMilli), r.getWebhookToken(),
        Instant.ofEpochMilli(r.getCreatedAt()));
  }
}
