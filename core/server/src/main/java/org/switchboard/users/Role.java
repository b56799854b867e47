package org.switchboard.users;

import java.util.Locale;
import org.switchboard.errors.BadInputException;

/** What a member may do: owners and admins manage the appliance; volunteers answer conversations. */
public enum Role {
  OWNER, ADMIN, VOLUNTEER;

  public boolean canManage() {
    return this == OWNER || this == ADMIN;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new BadInputException("role", "role must be owner, admin or volunteer");
    }
  }
}
