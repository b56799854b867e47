package org.switchboard.keys;

import static org.switchboard.storage.schema.Tables.KEY_WRAPS;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;
import org.switchboard.storage.Database;

/** Wrapped copies of org secret keys; only ciphertext goes in and out. */
@Singleton
public class KeyWrapStore {
  /** Whose secret a wrap opens with. */
  public enum Kind { MEMBER, RECOVERY, TOKEN, INVITATION }

  private final Database database;

  @Inject
  KeyWrapStore(Database database) {
    this.database = database;
  }

  public void insert(DSLContext tx, long orgId, Kind kind, Long userId, Long tokenId, byte[] wrap, Instant now) {
    tx.insertInto(KEY_WRAPS)
        .set(KEY_WRAPS.ORG_ID, orgId)
        .set(KEY_WRAPS.KIND, kind.name().toLowerCase())
        .set(KEY_WRAPS.USER_ID, userId)
        .set(KEY_WRAPS.TOKEN_ID, tokenId)
        .set(KEY_WRAPS.WRAP, wrap)
        .set(KEY_WRAPS.CREATED_AT, now.toEpochMilli())
        .execute();
  }

  /** Replaces a member's wrap (password change). */
  public void replaceMember(DSLContext tx, long orgId, long userId, byte[] wrap, Instant now) {
    tx.deleteFrom(KEY_WRAPS).where(KEY_WRAPS.KIND.eq("member"), KEY_WRAPS.USER_ID.eq(userId)).execute();
    insert(tx, orgId, Kind.MEMBER, userId, null, wrap, now);
  }

  public Optional<byte[]> member(long userId) {
    return database.read().select(KEY_WRAPS.WRAP).from(KEY_WRAPS)
        .where(KEY_WRAPS.KIND.eq("member"), KEY_WRAPS.USER_ID.eq(userId)).fetchOptional(KEY_WRAPS.WRAP);
  }

  public Optional<byte[]> token(long tokenId) {
    return database.read().select(KEY_WRAPS.WRAP).from(KEY_WRAPS)
        .where(KEY_WRAPS.KIND.eq("token"), KEY_WRAPS.TOKEN_ID.eq(tokenId)).fetchOptional(KEY_WRAPS.WRAP);
  }

  public Optional<byte[]> recovery(long orgId) {
    return database.read().select(KEY_WRAPS.WRAP).from(KEY_WRAPS)
        .where(KEY_WRAPS.KIND.eq("recovery"), KEY_WRAPS.ORG_ID.eq(orgId))
        .orderBy(KEY_WRAPS.ID.desc()).limit(1).fetchOptional(KEY_WRAPS.WRAP);
  }

  public void deleteToken(DSLContext tx, long tokenId) {
    tx.deleteFrom(KEY_WRAPS).where(KEY_WRAPS.KIND.eq("token"), KEY_WRAPS.TOKEN_ID.eq(tokenId)).execute();
  }

  public void deleteMember(DSLContext tx, long userId) {
    tx.deleteFrom(KEY_WRAPS).where(KEY_WRAPS.KIND.eq("member"), KEY_WRAPS.USER_ID.eq(userId)).execute();
  }
}
