package org.switchboard.orgs;

import static org.switchboard.storage.schema.Tables.INBOXES;
import static org.switchboard.storage.schema.Tables.ORGS;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.switchboard.crypto.OrgPublicKey;
import org.switchboard.storage.Database;
import org.switchboard.storage.schema.tables.records.OrgsRecord;

/** Organizations and their inboxes in SQLite. */
@Singleton
public class OrgStore {
  private final Database database;

  @Inject
  OrgStore(Database database) {
    this.database = database;
  }

  public long insert(DSLContext tx, String name, ZoneId timezone, OrgPublicKey publicKey, Instant now) {
    return tx.insertInto(ORGS)
        .set(ORGS.NAME, name)
        .set(ORGS.TIMEZONE, timezone.getId())
        .set(ORGS.PUBLIC_KEY, publicKey.bytes())
        .set(ORGS.CREATED_AT, now.toEpochMilli())
        .returning(ORGS.ID).fetchOne().getId();
  }

  public long insertInbox(DSLContext tx, long orgId, String name, Instant now) {
    return tx.insertInto(INBOXES)
        .set(INBOXES.ORG_ID, orgId)
        .set(INBOXES.NAME, name)
        .set(INBOXES.CREATED_AT, now.toEpochMilli())
        .returning(INBOXES.ID).fetchOne().getId();
  }

  /** The org's first inbox, where conversations land when their number is not bound elsewhere. */
  public long defaultInbox(DSLContext dsl, long orgId) {
    return dsl.select(INBOXES.ID).from(INBOXES).where(INBOXES.ORG_ID.eq(orgId)).orderBy(INBOXES.ID).limit(1)
        .fetchOptional(INBOXES.ID).orElseThrow(() -> new IllegalStateException("org has no inbox"));
  }

  public Optional<Org> find(long id) {
    return database.read().selectFrom(ORGS).where(ORGS.ID.eq(id)).fetchOptional().map(OrgStore::toOrg);
  }

  public List<Org> all() {
    return database.read().selectFrom(ORGS).orderBy(ORGS.ID).fetch(OrgStore::toOrg);
  }

  public int count() {
    return database.read().fetchCount(ORGS);
  }

  private static Org toOrg(OrgsRecord r) {
    return new Org(r.getId(), r.getName(), ZoneId.of(r.getTimezone()), new OrgPublicKey(r.getPublicKey()),
        Instant.ofEpochMilli(r.getCreatedAt()));
  }
}
