package org.switchboard.auth;

import java.time.Instant;

/**
 * A browser login held in memory only: restarting the server ends every session, so the server cannot read
 * anything until someone logs in again.
 */
final class Session {
  final String idHash;
  final Caller caller;
  final String csrfToken;
  final Instant createdAt;
  volatile Instant lastSeen;

  Session(String idHash, Caller caller, String csrfToken, Instant createdAt) {
    this.idHash = idHash;
    this.caller = caller;
    this.csrfToken = csrfToken;
    this.createdAt = createdAt;
    this.lastSeen = createdAt;
  }

  @Override
  public String toString() {
    return "Session[" + caller + "]";
  }
}
