package org.switchboard.auth;

import static org.switchboard.storage.schema.Tables.API_TOKENS;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.switchboard.storage.Database;
import org.switchboard.storage.schema.tables.records.ApiTokensRecord;

/** API tokens: only a keyed hash of each token is stored, never the token. */
@Singleton
public class TokenStore {
  private final Database database;

  @Inject
  TokenStore(Database database) {
    this.database = database;
  }

  /** A token's metadata. */
  public record Row(long id, long orgId, long userId, String label, Instant createdAt, Optional<Instant> lastUsedAt,
      Optional<Instant> revokedAt) {}

  public long insert(DSLContext tx, long orgId, long userId, byte[] lookup, String label, Instant now) {
    return tx.insertInto(API_TOKENS)
        .set(API_TOKENS.ORG_ID, orgId)
        .set(API_TOKENS.USER_ID, userId)
        .set(API_TOKENS.LOOKUP, lookup)
        .set(API_TOKENS.LABEL, label)
        .set(API_TOKENS.CREATED_AT, now.toEpochMilli())
        .returning(API_TOKENS.ID).fetchOne().getId();
  }

  public Optional<Row> byLookup(byte[] lookup) {
    return database.read().selectFrom(API_TOKENS).where(API_TOKENS.LOOKUP.eq(lookup)).fetchOptional(TokenStore::row);
  }

  public Optional<Row> byId(long id) {
    return database.read().selectFrom(API_TOKENS).where(API_TOKENS.ID.eq(id)).fetchOptional(TokenStore::row);
  }

  public List<Row> forUser(long userId) {
    return database.read().selectFrom(API_TOKENS).where(API_TOKENS.USER_ID.eq(userId)).orderBy(API_TOKENS.ID)
        .fetch(TokenStore::row);
  }

  public void revoke(DSLContext tx, long id, Instant now) {
    tx.update(API_TOKENS).set(API_TOKENS.REVOKED_AT, now.toEpochMilli())
        .where(API_TOKENS.ID.eq(id), API_TOKENS.REVOKED_AT.isNull()).execute();
  }

  public void touch(DSLContext tx, long id, Instant now) {
    tx.update(API_TOKENS).set(API_TOKENS.LAST_USED_AT, now.toEpochMilli()).where(API_TOKENS.ID.eq(id)).execute();
  }

  private static Row row(ApiTokensRecord r) {
    return new Row(r.getId(), r.getOrgId(), r.getUserId(), r.getLabel(), Instant.ofEpochMilli(r.getCreatedAt()),
        Optional.ofNullable(r.getLastUsedAt()).map(Instant::ofEpochMilli),
        Optional.ofNullable(r.getRevokedAt()).map(Instant::ofEpochMilli));
  }
}
