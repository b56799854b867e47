package org.switchboard.users;

import static org.switchboard.storage.schema.Tables.USERS;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.switchboard.crypto.VaultBox;
import org.switchboard.storage.Database;
import org.switchboard.storage.schema.tables.records.UsersRecord;

/** Members in SQLite: e-mail by blind index and vault ciphertext, password as an Argon2id hash string. */
@Singleton
public class UserStore {
  private final Database database;

  @Inject
  UserStore(Database database) {
    this.database = database;
  }

  /** A stored member row, still encrypted. */
  public record Row(long id, long orgId, VaultBox email, VaultBox name, Role role, String passwordHash,
      boolean active, Instant createdAt) {}

  public long insert(DSLContext tx, long orgId, byte[] emailIndex, VaultBox email, VaultBox name, Role role,
      String passwordHash, Instant now) {
    return tx.insertInto(USERS)
        .set(USERS.ORG_ID, orgId)
        .set(USERS.EMAIL_INDEX, emailIndex)
        .set(USERS.EMAIL_ENC, email.bytes())
        .set(USERS.NAME_ENC, name.bytes())
        .set(USERS.ROLE, role.id())
        .set(USERS.PASSWORD_HASH, passwordHash)
        .set(USERS.ACTIVE, 1L)
        .set(USERS.CREATED_AT, now.toEpochMilli())
        .returning(USERS.ID).fetchOne().getId();
  }

  public boolean emailTaken(DSLContext dsl, byte[] emailIndex) {
    return dsl.fetchExists(USERS, USERS.EMAIL_INDEX.eq(emailIndex));
  }

  public Optional<Row> byEmailIndex(byte[] emailIndex) {
    return database.read().selectFrom(USERS).where(USERS.EMAIL_INDEX.eq(emailIndex)).fetchOptional(UserStore::row);
  }

  public Optional<Row> byId(long id) {
    return byId(database.read(), id);
  }

  public Optional<Row> byId(DSLContext dsl, long id) {
    return dsl.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOptional(UserStore::row);
  }

  public List<Row> inOrg(long orgId) {
    return database.read().selectFrom(USERS).where(USERS.ORG_ID.eq(orgId)).orderBy(USERS.ID).fetch(UserStore::row);
  }

  public int setActive(DSLContext tx, long orgId, long userId, boolean active) {
    return tx.update(USERS).set(USERS.ACTIVE, active ? 1L : 0L)
        .where(USERS.ID.eq(userId), USERS.ORG_ID.eq(orgId)).execute();
  }

  public void setPasswordHash(DSLContext tx, long userId, String hash) {
    tx.update(USERS).set(USERS.PASSWORD_HASH, hash).where(USERS.ID.eq(userId)).execute();
  }

  public int countActiveOwners(DSLContext dsl, long orgId) {
    return dsl.fetchCount(USERS, USERS.ORG_ID.eq(orgId), USERS.ROLE.eq("owner"), USERS.ACTIVE.eq(1L));
  }

  private static Row row(UsersRecord r) {
    return new Row(r.getId(), r.getOrgId(), VaultBox.of(r.getEmailEnc()), VaultBox.of(r.getNameEnc()),
        Role.parse(r.getRole()), r.getPasswordHash(), r.getActive() == 1L, Instant.ofEpochMilli(r.getCreatedAt()));
  }
}
