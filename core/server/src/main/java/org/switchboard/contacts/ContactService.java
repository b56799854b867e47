package org.switchboard.contacts;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.switchboard.api.Address;
import org.switchboard.auth.Caller;
import org.switchboard.crypto.OrgKeys;
import org.switchboard.errors.MissingException;

/** Contacts for members: names and addresses decrypted with their session's keys. */
@Singleton
public class ContactService {
  private final ContactStore store;

  @Inject
  ContactService(ContactStore store) {
    this.store = store;
  }

  public List<Contact> list(Caller caller, int limit, Optional<Long> before) {
    OrgKeys keys = caller.unlocked();
    return store.inOrg(caller.orgId(), Math.min(Math.max(limit, 1), 200), before.orElse(Long.MAX_VALUE)).stream()
        .map(r -> decrypt(keys, r)).toList();
  }

  public Contact get(Caller caller, long id) {
    OrgKeys keys = caller.unlocked();
    return store.byId(id).filter(r -> r.orgId() == caller.orgId()).map(r -> decrypt(keys, r))
        .orElseThrow(() -> new MissingException("contact " + id));
  }

  private Contact decrypt(OrgKeys keys, ContactStore.Row row) {
    List<Address> addresses = store.addresses(row.id()).stream()
        .map(a -> Address.parse(keys.openText(a.address()))).toList();
    return new Contact(row.id(), row.orgId(), Optional.ofNullable(keys.openText(row.name())), addresses,
        row.blocked(), row.optedOut(), row.identityChangedAt(), row.createdAt());
  }
}
