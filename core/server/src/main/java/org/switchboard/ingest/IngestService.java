package org.switchboard.ingest;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.InboundEvent;
import org.switchboard.api.InboundEvent.ConsentChange;
import org.switchboard.api.InboundEvent.ExpiryTimerChanged;
import org.switchboard.api.InboundEvent.IdentityChanged;
import org.switchboard.api.InboundEvent.InboundMessage;
import org.switchboard.api.InboundEvent.StatusUpdate;
import org.switchboard.api.MediaRef;
import org.switchboard.channels.Connector;
import org.switchboard.channels.ConnectorService;
import org.switchboard.contacts.ContactLabels;
import org.switchboard.contacts.ContactStore;
import org.switchboard.conversations.ConversationStore;
import org.switchboard.conversations.Direction;
import org.switchboard.conversations.MessageStatus;
import org.switchboard.conversations.MessageStore;
import org.switchboard.crypto.BlindIndex;
import org.switchboard.crypto.SealedBox;
import org.switchboard.crypto.Vault;
import org.switchboard.crypto.VaultBox;
import org.switchboard.events.EventHub;
import org.switchboard.events.LiveEvent;
import org.switchboard.media.AttachmentStore;
import org.switchboard.media.MediaFetcher;
import org.switchboard.orgs.OrgStore;
import org.switchboard.orgs.Sealer;
import org.switchboard.storage.Tx;
import org.switchboard.storage.Writer;

/**
 * Stores what channels received, once: drops provider retries by a keyed hash of the provider's message id, seals
 * text, names and addresses to the org key, threads by contact, and completes only after the durable commit — so a
 * webhook is acknowledged exactly when nothing can be lost. Sealing happens on the caller's thread; the writer only
 * inserts.
 */
@Singleton
public class IngestService {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  private final Writer writer;
  private final Sealer sealer;
  private final BlindIndex blindIndex;
  private final Vault vault;
  private final ConnectorService connectors;
  private final ContactStore contacts;
  private final ConversationStore conversations;
  private final MessageStore messages;
  private final AttachmentStore attachments;
  private final OrgStore orgs;
  private final EventHub events;
  private final MediaFetcher mediaFetcher;
  private final IngestStore store;
  private final EarlyStatusStore earlyStatuses;
  private final Clock clock;

  @Inject
  IngestService(Writer writer, Sealer sealer, BlindIndex blindIndex, Vault vault, ConnectorService connectors,
      ContactStore contacts, ConversationStore conversations, MessageStore messages, AttachmentStore attachments,
      OrgStore orgs, EventHub events, MediaFetcher mediaFetcher, IngestStore store, EarlyStatusStore earlyStatuses,
      Clock clock) {
    this.store = store;
    this.earlyStatuses = earlyStatuses;
    this.writer = writer;
    this.sealer = sealer;
    this.blindIndex = blindIndex;
    this.vault = vault;
    this.connectors = connectors;
    this.contacts = contacts;
    this.conversations = conversations;
    this.messages = messages;
    this.attachments = attachments;
    this.orgs = orgs;
    this.events = events;
    this.mediaFetcher = mediaFetcher;
    this.clock = clock;
  }

  /** What one ingest call did, for callers that care (web chat, tests). */
  public record Outcome(int stored, int duplicates, int dropped, List<Long> conversationIds) {}

  /** Seals and stores the events; the future completes once they are committed to disk. */
  public CompletableFuture<Outcome> ingest(Connector connector, List<InboundEvent> inbound) {
    List<Prepared> prepared = new ArrayList<>(inbound.size());
    for (InboundEvent event : inbound) {
      prepared.add(prepare(connector, event));
    }
    return writer.submit(tx -> apply(tx, connector, prepared));
  }

  // ----------------------------------------------------------------------------------------------- preparation

  private sealed interface Prepared {}

  private record PreparedMessage(byte[] seenKey, InboundMessage message, Optional<Long> numberId,
      byte[] contactIndex, SealedBox body, SealedBox address, SealedBox name, byte[] nameCheck, SealedBox quote,
      List<VaultBox> media) implements Prepared {}

  private record PreparedStatus(byte[] providerRef, StatusUpdate update) implements Prepared {}

  private record PreparedContactEvent(byte[] contactIndex, InboundEvent event) implements Prepared {}

  private Prepared prepare(Connector connector, InboundEvent event) {
    long orgId = connector.orgId();
    if (event instanceof InboundMessage m) {
      byte[] seen = blindIndex.of("seen", connector.id(), m.providerMessageId());
      byte[] contactIndex = contactIndex(orgId, m.from());
      List<VaultBox> media = new ArrayList<>();
      for (MediaRef ref : m.media()) {
        media.add(vault.lock(MediaRefs.encode(ref)));
      }
      byte[] nameCheck = m.senderName().map(n -> blindIndex.of("contact-name", orgId,
          java.util.HexFormat.of().formatHex(contactIndex) + ":" + n)).orElse(null);
      return new PreparedMessage(seen, m, connectors.activeNumberId(connector.id(), m.to()), contactIndex,
          sealer.seal(orgId, m.text()), sealer.seal(orgId, m.from().uri()),
          m.senderName().map(n -> sealer.seal(orgId, n)).orElse(null), nameCheck,
          m.quote().map(q -> sealer.seal(orgId, q)).orElse(null), media);
    }
    if (event instanceof StatusUpdate s) {
      return new PreparedStatus(providerRef(connector.id(), s.providerMessageId()), s);
    }
    if (event instanceof ConsentChange c) {
      return new PreparedContactEvent(contactIndex(orgId, c.address()), event);
    }
    if (event instanceof IdentityChanged i) {
      return new PreparedContactEvent(contactIndex(orgId, i.address()), event);
    }
    if (event instanceof ExpiryTimerChanged e) {
      return new PreparedContactEvent(contactIndex(orgId, e.address()), event);
    }
    throw new IllegalArgumentException("unknown event " + event.getClass().getSimpleName());
  }

  /** The blind index that threads an address to a contact within an org. */
  public byte[] contactIndex(long orgId, org.switchboard.api.Address address) {
    return blindIndex.of("contact", orgId, ContactLabels.threadKey(address));
  }

  /** The keyed hash under which an outbound message's provider id is stored. */
  public byte[] providerRef(long connectorId, String providerMessageId) {
    return blindIndex.of("provider-msg", connectorId, providerMessageId);
  }

  // ----------------------------------------------------------------------------------------------- writing

  private Outcome apply(Tx tx, Connector connector, List<Prepared> prepared) {
    int stored = 0;
    int duplicates = 0;
    int dropped = 0;
    List<Long> touched = new ArrayList<>();
    boolean media = false;
    for (Prepared p : prepared) {
      if (p instanceof PreparedMessage m) {
        Optional<Long> conversation = storeMessage(tx, connector, m);
        if (conversation.isEmpty()) {
          duplicates++;
        } else if (conversation.get() < 0) {
          dropped++;
        } else {
          stored++;
          touched.add(conversation.get());
          media |= !m.media().isEmpty();
        }
      } else if (p instanceof PreparedStatus s) {
        applyStatus(tx, connector, s).ifPresent(touched::add);
      } else if (p instanceof PreparedContactEvent c) {
        applyContactEvent(tx, connector, c).ifPresent(touched::add);
      }
    }
    boolean wakeFetcher = media;
    long orgId = connector.orgId();
    List<Long> ids = List.copyOf(touched);
    tx.afterCommit(() -> {
      ids.stream().distinct().forEach(id -> events.publish(LiveEvent.message(orgId, id)));
      if (wakeFetcher) {
        mediaFetcher.wake();
      }
    });
    return new Outcome(stored, duplicates, dropped, ids);
  }

  /** Empty for a provider retry, -1 for a dropped (blocked) sender, else the conversation id. */
  private Optional<Long> storeMessage(Tx tx, Connector connector, PreparedMessage m) {
    DSLContext dsl = tx.dsl();
    if (!store.markSeen(tx, connector.id(), m.seenKey(), clock.millis())) {
      return Optional.empty();
    }
    long orgId = connector.orgId();
    Instant now = clock.instant();
    Optional<Long> numberId = m.numberId();
    if (numberId.isEmpty()) {
      log.warn("connector {} received a message for a number that is not active; stored without a reply route",
          connector.id());
    }
    Optional<IngestStore.Thread> thread = store.findThread(tx, orgId, m.contactIndex());
    long contactId;
    long addressId;
    if (thread.isPresent()) {
      if (thread.get().blocked()) {
        return Optional.of(-1L);
      }
      contactId = thread.get().contactId();
      addressId = thread.get().addressId();
      String scheme = m.message().from().scheme();
      if (!scheme.equals(thread.get().scheme())) {
        contacts.updateAddress(dsl, addressId, m.address(), scheme);
      }
      if (m.name() != null && !java.util.Arrays.equals(m.nameCheck(), thread.get().nameCheck())) {
        contacts.updateName(dsl, contactId, m.name(), m.nameCheck());
      }
    } else {
      contactId = contacts.insertContact(dsl, orgId, m.name(), m.nameCheck(), now);
      addressId = contacts.insertAddress(dsl, orgId, contactId, m.contactIndex(), m.address(),
          m.message().from().scheme(), now);
    }
    long conversationId;
    Instant expiresAt = null;
    Optional<Long> existing = thread.flatMap(IngestStore.Thread::conversationId);
    if (existing.isPresent()) {
      conversationId = existing.get();
      expiresAt = thread.get().disappearingSeconds().map(s -> now.plusSeconds(s)).orElse(null);
    } else {
      long inbox = numberId.flatMap(id -> connectors.number(id).flatMap(n -> n.inboxId()))
          .orElseGet(() -> orgs.defaultInbox(dsl, orgId));
      conversationId = conversations.insert(dsl, orgId, inbox, contactId, now);
    }
    long messageId = store.insertMessage(tx, orgId, conversationId, numberId.orElse(null), m.body(), m.quote(),
        m.media().size(), expiresAt, now);
    for (VaultBox ref : m.media()) {
      long attachmentId = attachments.insertPending(dsl, orgId, messageId, now);
      attachments.insertFetch(dsl, attachmentId, connector.id(), ref, now);
    }
    store.touchConversation(tx, conversationId, messageId, numberId.orElse(null), addressId, now);
    return Optional.of(conversationId);
  }

  private Optional<Long> applyStatus(Tx tx, Connector connector, PreparedStatus s) {
    var row = messages.byProviderRef(tx.dsl(), s.providerRef());
    if (row.isEmpty() || row.get().orgId() != connector.orgId()) {
      // Perhaps a send whose acceptance is not recorded yet (a fast callback): kept a while for it.
      if (!earlyStatuses.park(tx.dsl(), connector.orgId(), s.providerRef(), s.update(), clock.instant())) {
        log.debug("status for an unknown message on connector {} dropped", connector.id());
      }
      return Optional.empty();
    }
    StatusUpdate u = s.update();
    advance(tx, row.get(), new EarlyStatusStore.Parked(u.status(), u.providerCode(), u.detail(), u.retryable()));
    return Optional.empty();
  }

  /**
   * Applies statuses that arrived before this send was recorded; called in the transaction that records the
   * provider's id for the message.
   */
  public void applyEarlyStatuses(Tx tx, long orgId, long messageId, byte[] providerRef) {
    List<EarlyStatusStore.Parked> parked = earlyStatuses.take(tx.dsl(), orgId, providerRef);
    for (EarlyStatusStore.Parked status : parked) {
      messages.byId(tx.dsl(), messageId).ifPresent(row -> advance(tx, row, status));
    }
  }

  private void advance(Tx tx, MessageStore.Row row, EarlyStatusStore.Parked status) {
    MessageStatus next = MessageStatus.of(status.status());
    if (!row.status().advancesTo(next)) {
      return;
    }
    String detail = status.detail().orElse(null);
    if (next == MessageStatus.FAILED && status.retryable()) {
      detail = (detail == null ? "temporary failure" : detail) + " — use Retry to send it again";
    }
    messages.updateStatus(tx.dsl(), row.id(), next, status.code().orElse(null), detail, clock.instant());
    long orgId = row.orgId();
    long conversationId = row.conversationId();
    tx.afterCommit(() -> events.publish(LiveEvent.status(orgId, conversationId)));
  }

  private Optional<Long> applyContactEvent(Tx tx, Connector connector, PreparedContactEvent c) {
    var match = contacts.findByAddress(tx.dsl(), connector.orgId(), c.contactIndex());
    if (match.isEmpty()) {
      return Optional.empty();
    }
    long contactId = match.get().contactId();
    Instant now = clock.instant();
    if (c.event() instanceof ConsentChange consent) {
      if (consent.optedOut() != match.get().optedOut()) {
        contacts.recordConsent(tx.dsl(), connector.orgId(), contactId, null, consent.optedOut(), consent.how(), null,
            now);
      }
    } else if (c.event() instanceof IdentityChanged) {
      contacts.setIdentityChanged(tx.dsl(), contactId, now);
    } else if (c.event() instanceof ExpiryTimerChanged timer) {
      var conversation = conversations.byContact(tx.dsl(), contactId);
      if (conversation.isPresent()) {
        Integer seconds = timer.timer().isZero() ? null : (int) timer.timer().toSeconds();
        if (!java.util.Objects.equals(conversation.get().disappearingSeconds().orElse(null), seconds)) {
          conversations.setDisappearing(tx.dsl(), conversation.get().id(), seconds);
          if (seconds != null) {
            messages.expireUnexpiring(tx.dsl(), conversation.get().id(), java.time.Duration.ofSeconds(seconds));
          }
        }
      }
    }
    return conversations.byContact(tx.dsl(), contactId).map(ConversationStore.Row::id);
  }
}
