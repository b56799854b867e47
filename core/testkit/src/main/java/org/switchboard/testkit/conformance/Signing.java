package org.switchboard.testkit.conformance;

/** How the conformance kit wants a webhook signed: as the provider signs it, not at all, or with a wrong key. */
public enum Signing {
  /** Signed exactly as the provider signs it. */
  VALID,
  /** Without any signature (the header or field left out). */
  MISSING,
  /** Signed, but with a key other than the connector's (or a tampered signature). */
  WRONG
}
