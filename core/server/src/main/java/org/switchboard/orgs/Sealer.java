package org.switchboard.orgs;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import org.switchboard.crypto.SealedBox;

/**
 * Seals personal values to an organization's public key: the one place plaintext turns into what stores accept.
 * Needs no secret, so inbound messages are sealed while nobody is logged in.
 */
@Singleton
public class Sealer {
  private final OrgService orgs;

  @Inject
  Sealer(OrgService orgs) {
    this.orgs = orgs;
  }

  public SealedBox seal(long orgId, String text) {
    return orgs.get(orgId).publicKey().seal(text);
  }

  public SealedBox seal(long orgId, byte[] bytes) {
    return orgs.get(orgId).publicKey().seal(bytes);
  }

  /** Seals an optional value; {@code null} stays {@code null}. */
  public SealedBox sealNullable(long orgId, String text) {
    return text == null ? null : seal(orgId, text);
  }
}
