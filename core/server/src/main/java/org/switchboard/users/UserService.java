package org.switchboard.users;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.switchboard.crypto.BlindIndex;
import org.switchboard.crypto.OrgKeys;
import org.switchboard.crypto.Vault;
import org.switchboard.errors.BadInputException;
import org.switchboard.errors.ConflictException;
import org.switchboard.errors.MissingException;
import org.switchboard.keys.KeyService;
import org.switchboard.storage.Writer;

/**
 * Members of an organization: adding one (which wraps the org key under their password, so only a member who is
 * already unlocked can add another), listing, deactivating, and checking passwords at login.
 */
@Singleton
public class UserService {
  private final UserStore store;
  private final KeyService keys;
  private final BlindIndex blindIndex;
  private final Vault vault;
  private final Writer writer;
  private final Clock clock;
  private final org.switchboard.auth.SessionService sessions;

  @Inject
  UserService(UserStore store, KeyService keys, BlindIndex blindIndex, Vault vault, Writer writer, Clock clock,
      org.switchboard.auth.SessionService sessions) {
    this.store = store;
    this.keys = keys;
    this.blindIndex = blindIndex;
    this.vault = vault;
    this.writer = writer;
    this.clock = clock;
    this.sessions = sessions;
  }

  /** A member ready to insert: hashed, wrapped and encrypted outside the writer thread (Argon2id is slow). */
  public record NewMember(byte[] emailIndex, byte[] emailEnc, byte[] nameEnc, Role role, String passwordHash,
      byte[] keyWrap) {}

  /** Checks and prepares a member; {@code secretKey} is the org key to wrap under their password. */
  public NewMember prepare(String email, String displayName, Role role, String password, byte[] secretKey) {
    String normalized = Emails.normalize(email);
    Emails.checkPassword(password);
    String name = displayName == null || displayName.isBlank() ? normalized.substring(0, normalized.indexOf('@'))
        : displayName.trim();
    if (name.length() > 100) {
      throw new BadInputException("name", "name must be at most 100 characters");
    }
    return new NewMember(emailIndex(normalized), vault.lock(normalized).bytes(), vault.lock(name).bytes(), role,
        keys.passwordHash(password), keys.wrapForMember(secretKey, password));
  }

  /** Inserts a prepared member inside a write; fails with 409 if the e-mail is already used on this appliance. */
  public long insert(DSLContext tx, long orgId, NewMember member) {
    if (store.emailTaken(tx, member.emailIndex())) {
      throw new ConflictException("a member with this e-mail address already exists");
    }
    var now = clock.instant();
    long id = store.insert(tx, orgId, member.emailIndex(), org.switchboard.crypto.VaultBox.of(member.emailEnc()),
        org.switchboard.crypto.VaultBox.of(member.nameEnc()), member.role(), member.passwordHash(), now);
    keys.storeMember(tx, orgId, id, member.keyWrap(), now);
    return id;
  }

  /** Adds a member to the unlocked org. */
  public User add(OrgKeys unlocked, String email, String displayName, Role role, String password) {
    if (role == Role.OWNER) {
      throw new BadInputException("role", "an organization has one owner, created at setup");
    }
    byte[] secretKey = unlocked.exportSecretKey();
    NewMember member;
    try {
      member = prepare(email, displayName, role, password, secretKey);
    } finally {
      org.switchboard.crypto.Crypto.get().wipe(secretKey);
    }
    long id = writer.write(tx -> insert(tx.dsl(), unlocked.orgId(), member));
    return get(unlocked.orgId(), id);
  }

  public User get(long orgId, long userId) {
    return store.byId(userId).filter(r -> r.orgId() == orgId).map(this::decrypt)
        .orElseThrow(() -> new MissingException("user " + userId));
  }

  public Optional<User> find(long userId) {
    return store.byId(userId).map(this::decrypt);
  }

  public List<User> list(long orgId) {
    return store.inOrg(orgId).stream().map(this::decrypt).toList();
  }

  /**
   * Deactivates a member: their sessions end at once (wiping the keys they held), they can no longer log in, and
   * their wrap of the org key is deleted. The last owner cannot be deactivated.
   */
  public void deactivate(long orgId, long userId) {
    writer.write(tx -> {
      UserStore.Row row = store.byId(tx.dsl(), userId).filter(r -> r.orgId() == orgId)
          .orElseThrow(() -> new MissingException("user " + userId));
      if (row.role() == Role.OWNER && store.countActiveOwners(tx.dsl(), orgId) <= 1) {
        throw new ConflictException("the organization's only owner cannot be deactivated");
      }
      store.setActive(tx.dsl(), orgId, userId, false);
      keys.forgetMember(tx.dsl(), userId);
      return null;
    });
    sessions.endAllFor(userId);
  }

  /** The member row for an e-mail, for login. */
  public Optional<UserStore.Row> byEmail(String email) {
    String normalized;
    try {
      normalized = Emails.normalize(email);
    } catch (BadInputException e) {
      return Optional.empty();
    }
    return store.byEmailIndex(emailIndex(normalized));
  }

  public byte[] emailIndex(String normalizedEmail) {
    return blindIndex.of("email", 0, normalizedEmail);
  }

  private User decrypt(UserStore.Row row) {
    return new User(row.id(), row.orgId(), vault.unlockText(row.email()), vault.unlockText(row.name()), row.role(),
        row.active(), row.createdAt());
  }
}
