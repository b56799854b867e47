package org.switchboard.orgs;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.switchboard.crypto.Crypto;
import org.switchboard.crypto.OrgPublicKey;
import org.switchboard.errors.BadInputException;
import org.switchboard.errors.MissingException;
import org.switchboard.keys.KeyService;
import org.switchboard.keys.RecoveryCode;
import org.switchboard.storage.Writer;
import org.switchboard.users.Role;
import org.switchboard.users.UserService;

/**
 * Creates organizations (key pair, owner, recovery code, default inbox, each feature's setup steps) and answers
 * who an org is. The org secret key exists only during creation; afterwards it lives wrapped.
 */
@Singleton
public class OrgService {
  private final OrgStore store;
  private final UserService users;
  private final KeyService keys;
  private final Writer writer;
  private final Clock clock;
  private final Set<OrgSetupStep> setupSteps;
  private final LoadingCache<Long, Org> cache;

  @Inject
  OrgService(OrgStore store, UserService users, KeyService keys, Writer writer, Clock clock,
      Set<OrgSetupStep> setupSteps) {
    this.store = store;
    this.users = users;
    this.keys = keys;
    this.writer = writer;
    this.clock = clock;
    this.setupSteps = setupSteps;
    this.cache = CacheBuilder.newBuilder().maximumSize(1000).build(CacheLoader.from(
        id -> store.find(id).orElseThrow(() -> new MissingException("organization " + id))));
  }

  /** What setup hands back: the new ids and the recovery code, shown once and never stored in the clear. */
  public record Created(long orgId, long ownerId, String recoveryCode) {
    @Override
    public String toString() {
      return "Created[org " + orgId + ", owner " + ownerId + "]";
    }
  }

  /** Creates an organization with its owner. */
  public Created create(String name, String timezone, String ownerEmail, String ownerName, String ownerPassword) {
    String orgName = name == null ? "" : name.trim();
    if (orgName.isEmpty() || orgName.length() > 100) {
      throw new BadInputException("org", "organization name must be 1 to 100 characters");
    }
    ZoneId zone = parseZone(timezone);
    byte[][] pair = Crypto.get().boxKeyPair();
    byte[] secretKey = pair[1];
    String recoveryCode = RecoveryCode.generate();
    try {
      UserService.NewMember owner = users.prepare(ownerEmail, ownerName, Role.OWNER, ownerPassword, secretKey);
      byte[] recoveryWrap = keys.wrapForRecovery(secretKey, recoveryCode);
      OrgPublicKey publicKey = new OrgPublicKey(pair[0]);
      long[] ids = writer.write(tx -> {
        Instant now = clock.instant();
        long orgId = store.insert(tx.dsl(), orgName, zone, publicKey, now);
        long inboxId = store.insertInbox(tx.dsl(), orgId, "Hotline", now);
        long ownerId = users.insert(tx.dsl(), orgId, owner);
        keys.storeRecovery(tx.dsl(), orgId, recoveryWrap, now);
        for (OrgSetupStep step : setupSteps) {
          step.onOrgCreated(tx, orgId, inboxId);
        }
        return new long[] {orgId, ownerId};
      });
      return new Created(ids[0], ids[1], recoveryCode);
    } finally {
      Crypto.get().wipe(secretKey);
    }
  }

  public Org get(long orgId) {
    try {
      return cache.getUnchecked(orgId);
    } catch (com.google.common.util.concurrent.UncheckedExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  public List<Org> all() {
    return store.all();
  }

  public boolean anyExists() {
    return store.count() > 0;
  }

  public static ZoneId parseZone(String timezone) {
    try {
      return ZoneId.of(timezone == null || timezone.isBlank() ? "UTC" : timezone.trim());
    } catch (DateTimeException e) {
      throw new BadInputException("timezone", "unknown time zone; use a name such as Europe/Berlin");
    }
  }
}
