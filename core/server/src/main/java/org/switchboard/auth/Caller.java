package org.switchboard.auth;

import java.security.Principal;
import org.switchboard.crypto.OrgKeys;
import org.switchboard.errors.AuthenticationException;
import org.switchboard.errors.PermissionDeniedException;
import org.switchboard.users.Role;

/**
 * Who is making a request: a member of one organization, through a browser session or an API token, with the org
 * keys that session or token unlocked. Every service call that reads or changes org data takes a caller.
 */
public record Caller(long userId, long orgId, Role role, String displayName, OrgKeys keys, Via via)
    implements Principal {

  /** How the caller authenticated. */
  public enum Via { SESSION, TOKEN }

  /** The unlocked keys; fails with 401 once they were wiped (logout, expiry, revoked token). */
  public OrgKeys unlocked() {
    if (keys.isWiped()) {
      throw new AuthenticationException("your session has ended; log in again");
    }
    return keys;
  }

  /** Fails with 403 unless the caller is an owner or admin. */
  public Caller requireManager() {
    if (!role.canManage()) {
      throw new PermissionDeniedException("only admins can do this");
    }
    return this;
  }

  @Override
  public String getName() {
    return "user-" + userId;
  }

  @Override
  public String toString() {
    return "Caller[user " + userId + ", org " + orgId + ", " + role.id() + ", " + via + "]";
  }
}
