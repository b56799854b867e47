package org.switchboard.plugins.signal;

/**
 * The bridge answered, but not with what the call expected: its HTTP status and its error text, already redacted
 * so it can be shown to an admin.
 */
final class BridgeException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String rawKind;

  BridgeException(int status, String redactedError, String rawKind) {
    super("bridge answered HTTP " + status + (redactedError.isEmpty() ? "" : ": " + redactedError));
    this.status = status;
    this.rawKind = rawKind;
  }

  int status() {
    return status;
  }

  /** What the unredacted error text means ({@link BridgeErrors#classify}). */
  String kind() {
    return rawKind;
  }
}
