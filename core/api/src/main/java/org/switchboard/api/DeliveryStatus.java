package org.switchboard.api;

/** Where an outbound message is on its way: queued → sent → delivered → read, or failed. */
public enum DeliveryStatus {
  QUEUED, SENT, DELIVERED, READ, FAILED;

  /** Whether moving from this status to {@code next} is progress (statuses can arrive out of order). */
  public boolean isBefore(DeliveryStatus next) {
    if (this == FAILED) {
      return false;
    }
    return next == FAILED || next.ordinal() > ordinal();
  }
}
