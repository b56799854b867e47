package org.switchboard.storage;

/** The database refused a write (disk full, I/O error); nothing of that unit of work was saved. */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
