package org.switchboard.contacts;

import org.switchboard.api.Address;

/** How an address is shown to volunteers. */
public final class ContactLabels {
  private ContactLabels() {}

  public static ContactLabel display(Address address, long contactId) {
    return switch (address.scheme()) {
      case Address.WEBCHAT -> ContactLabel.standIn(ContactLabel.WEB_VISITOR, "Web visitor", contactId);
      case Address.SIGNAL -> address.value().startsWith("+") ? ContactLabel.of(address.value())
          : ContactLabel.standIn(ContactLabel.SIGNAL_USER, "Signal user", contactId);
      default -> ContactLabel.of(address.value());
    };
  }

  /** For a contact with no name and no address left. */
  public static ContactLabel numbered(long contactId) {
    return ContactLabel.standIn(ContactLabel.CONTACT, "Contact", contactId);
  }

  /** The key that threads one person across channels: a phone number is the same person on SMS and WhatsApp. */
  public static String threadKey(Address address) {
    return address.isPhoneNumber() ? "tel:" + address.value() : address.uri();
  }
}
