package org.switchboard.contacts;

import static org.switchboard.storage.schema.Tables.CONSENT_EVENTS;
import static org.switchboard.storage.schema.Tables.CONTACTS;
import static org.switchboard.storage.schema.Tables.CONTACT_ADDRESSES;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.switchboard.crypto.SealedBox;
import org.switchboard.storage.Database;
import org.switchboard.storage.schema.tables.records.ContactsRecord;

/** Contacts and their addresses: names and addresses sealed, found by blind index. */
@Singleton
public class ContactStore {
  private final Database database;

  @Inject
  ContactStore(Database database) {
    this.database = database;
  }

  /** A stored contact, still sealed. */
  public record Row(long id, long orgId, SealedBox name, boolean blocked, boolean optedOut,
      Optional<Instant> identityChangedAt, Instant createdAt) {}

  /** A stored address of a contact, still sealed. */
  public record AddressRow(long id, long contactId, SealedBox address) {}

  /** The contact and address id for an address index, with what is needed to skip needless rewrites. */
  public record Match(long contactId, long addressId, boolean blocked, boolean optedOut, String scheme,
      byte[] nameCheck) {}

  public Optional<Match> findByAddress(DSLContext dsl, long orgId, byte[] addressIndex) {
    return dsl.select(CONTACT_ADDRESSES.CONTACT_ID, CONTACT_ADDRESSES.ID, CONTACTS.BLOCKED, CONTACTS.OPTED_OUT,
            CONTACT_ADDRESSES.SCHEME, CONTACTS.NAME_CHECK)
        .from(CONTACT_ADDRESSES).join(CONTACTS).on(CONTACTS.ID.eq(CONTACT_ADDRESSES.CONTACT_ID))
        .where(CONTACT_ADDRESSES.ORG_ID.eq(orgId), CONTACT_ADDRESSES.ADDRESS_INDEX.eq(addressIndex))
        .fetchOptional(r -> new Match(r.value1(), r.value2(), r.value3() == 1L, r.value4() == 1L, r.value5(),
            r.value6()));
  }

  public long insertContact(DSLContext tx, long orgId, SealedBox name, byte[] nameCheck, Instant now) {
    return tx.insertInto(CONTACTS)
        .set(CONTACTS.ORG_ID, orgId)
        .set(CONTACTS.NAME_SEALED, name == null ? null : name.bytes())
        .set(CONTACTS.NAME_CHECK, nameCheck)
        .set(CONTACTS.CREATED_AT, now.toEpochMilli())
        .returning(CONTACTS.ID).fetchOne().getId();
  }

  public long insertAddress(DSLContext tx, long orgId, long contactId, byte[] index, SealedBox address,
      String scheme, Instant now) {
    return tx.insertInto(CONTACT_ADDRESSES)
        .set(CONTACT_ADDRESSES.ORG_ID, orgId)
        .set(CONTACT_ADDRESSES.CONTACT_ID, contactId)
        .set(CONTACT_ADDRESSES.ADDRESS_INDEX, index)
        .set(CONTACT_ADDRESSES.ADDRESS_SEALED, address.bytes())
        .set(CONTACT_ADDRESSES.SCHEME, scheme)
        .set(CONTACT_ADDRESSES.CREATED_AT, now.toEpochMilli())
        .returning(CONTACT_ADDRESSES.ID).fetchOne().getId();
  }

  /** Replaces the sealed address (the person wrote from {@code whatsapp:} after {@code tel:}, say). */
  public void updateAddress(DSLContext tx, long addressId, SealedBox address, String scheme) {
    tx.update(CONTACT_ADDRESSES).set(CONTACT_ADDRESSES.ADDRESS_SEALED, address.bytes())
        .set(CONTACT_ADDRESSES.SCHEME, scheme).where(CONTACT_ADDRESSES.ID.eq(addressId)).execute();
  }

  public void updateName(DSLContext tx, long contactId, SealedBox name, byte[] nameCheck) {
    tx.update(CONTACTS).set(CONTACTS.NAME_SEALED, name.bytes()).set(CONTACTS.NAME_CHECK, nameCheck)
        .where(CONTACTS.ID.eq(contactId)).execute();
  }

  public void setBlocked(DSLContext tx, long contactId, boolean blocked) {
    tx.update(CONTACTS).set(CONTACTS.BLOCKED, blocked ? 1L : 0L).where(CONTACTS.ID.eq(contactId)).execute();
  }

  public void setIdentityChanged(DSLContext tx, long contactId, Instant at) {
    tx.update(CONTACTS).set(CONTACTS.IDENTITY_CHANGED_AT, at == null ? null : at.toEpochMilli())
        .where(CONTACTS.ID.eq(contactId)).execute();
  }

  /** Records a consent change in the ledger and the contact's current state. */
  public void recordConsent(DSLContext tx, long orgId, long contactId, Long channelId, boolean optedOut, String how,
      Long actorId, Instant now) {
    tx.insertInto(CONSENT_EVENTS)
        .set(CONSENT_EVENTS.ORG_ID, orgId)
        .set(CONSENT_EVENTS.CONTACT_ID, contactId)
        .set(CONSENT_EVENTS.CHANNEL_ID, channelId)
        .set(CONSENT_EVENTS.OPTED_OUT, optedOut ? 1L : 0L)
        .set(CONSENT_EVENTS.HOW, how)
        .set(CONSENT_EVENTS.ACTOR_ID, actorId)
        .set(CONSENT_EVENTS.CREATED_AT, now.toEpochMilli())
        .execute();
    tx.update(CONTACTS).set(CONTACTS.OPTED_OUT, optedOut ? 1L : 0L).where(CONTACTS.ID.eq(contactId)).execute();
  }

  public Optional<Row> byId(DSLContext dsl, long contactId) {
    return dsl.selectFrom(CONTACTS).where(CONTACTS.ID.eq(contactId)).fetchOptional(ContactStore::row);
  }

  public Optional<Row> byId(long contactId) {
    return byId(database.read(), contactId);
  }

  public List<AddressRow> addresses(long contactId) {
    return database.read().select(CONTACT_ADDRESSES.ID, CONTACT_ADDRESSES.CONTACT_ID, CONTACT_ADDRESSES.ADDRESS_SEALED)
        .from(CONTACT_ADDRESSES).where(CONTACT_ADDRESSES.CONTACT_ID.eq(contactId)).orderBy(CONTACT_ADDRESSES.ID)
        .fetch(r -> new AddressRow(r.value1(), r.value2(), SealedBox.of(r.value3())));
  }

  public Optional<AddressRow> address(DSLContext dsl, long addressId) {
    return dsl.select(CONTACT_ADDRESSES.ID, CONTACT_ADDRESSES.CONTACT_ID, CONTACT_ADDRESSES.ADDRESS_SEALED)
        .from(CONTACT_ADDRESSES).where(CONTACT_ADDRESSES.ID.eq(addressId))
        .fetchOptional(r -> new AddressRow(r.value1(), r.value2(), SealedBox.of(r.value3())));
  }

  public Optional<AddressRow> address(long addressId) {
    return address(database.read(), addressId);
  }

  public List<Row> inOrg(long orgId, int limit, long beforeId) {
    return database.read().selectFrom(CONTACTS).where(CONTACTS.ORG_ID.eq(orgId), CONTACTS.ID.lt(beforeId))
        .orderBy(CONTACTS.ID.desc()).limit(limit).fetch(ContactStore::row);
  }

  static Row row(ContactsRecord r) {
    return new Row(r.getId(), r.getOrgId(), SealedBox.ofNullable(r.getNameSealed()), r.getBlocked() == 1L,
        r.getOptedOut() == 1L, Optional.ofNullable(r.getIdentityChangedAt()).map(Instant::ofEpochMilli),
        Instant.ofEpochMilli(r.getCreatedAt()));
  }
}
