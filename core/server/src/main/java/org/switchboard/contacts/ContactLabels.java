package org.switchboard.contacts;

import org.switchboard.api.Address;

/** How an address is shown to volunteers. */
public final class ContactLabels {
  private ContactLabels() {}

  public static String display(Address address, long contactId) {
    return switch (address.scheme()) {
      case Address.WEBCHAT -> "Web visitor " + contactId;
      case Address.SIGNAL -> address.value().startsWith("+") ? address.value() : "Signal user " + contactId;
      default -> address.value();
    };
  }

  /** The key that threads one person across channels: a phone number is the same person on SMS and WhatsApp. */
  public static String threadKey(Address address) {
    return address.isPhoneNumber() ? "tel:" + address.value() : address.uri();
  }
}
