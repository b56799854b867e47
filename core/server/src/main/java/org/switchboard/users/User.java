package org.switchboard.users;

import java.time.Instant;

/** A member of an organization (e-mail and name decrypted from the vault for display). */
public record User(long id, long orgId, String email, String displayName, Role role, boolean active,
    Instant createdAt) {

  @Override
  public String toString() {
    return "User[" + id + ", org " + orgId + ", " + role.id() + "]";
  }
}
