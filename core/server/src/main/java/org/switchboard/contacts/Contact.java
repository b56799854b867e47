package org.switchboard.contacts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.switchboard.api.Address;

/** A person who wrote to the hotline, decrypted for a logged-in member. */
public record Contact(long id, long orgId, Optional<String> name, List<Address> addresses, boolean blocked,
    boolean optedOut, Optional<Instant> identityChangedAt, Instant createdAt) {

  /** What the inbox shows: the name, else the first address, else a neutral label. */
  public ContactLabel label() {
    if (name.isPresent()) {
      return ContactLabel.of(name.get());
    }
    return addresses.isEmpty() ? ContactLabels.numbered(id) : ContactLabels.display(addresses.get(0), id);
  }

  @Override
  public String toString() {
    return "Contact[" + id + "]";
  }
}
