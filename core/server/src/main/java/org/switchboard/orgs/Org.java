package org.switchboard.orgs;

import java.time.Instant;
import java.time.ZoneId;
import org.switchboard.crypto.OrgPublicKey;

/** An organization hosted on this appliance: its name, time zone and public key. */
public record Org(long id, String name, ZoneId timezone, OrgPublicKey publicKey, Instant createdAt) {}
