package org.switchboard.storage;

/** The writer's queue is full or a write waited too long; callers answer 503 so senders retry. */
public class StorageBusyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageBusyException() {
    super("the database is busy; try again shortly");
  }
}
