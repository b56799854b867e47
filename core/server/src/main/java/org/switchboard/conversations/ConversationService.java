package org.switchboard.conversations;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.switchboard.api.Address;
import org.switchboard.api.ChannelLimits;
import org.switchboard.auth.Caller;
import org.switchboard.channels.ChannelNumber;
import org.switchboard.channels.Connector;
import org.switchboard.channels.ConnectorService;
import org.switchboard.contacts.ContactLabel;
import org.switchboard.contacts.ContactLabels;
import org.switchboard.contacts.ContactStore;
import org.switchboard.conversations.ConversationViews.AttachmentView;
import org.switchboard.conversations.ConversationViews.ContactView;
import org.switchboard.conversations.ConversationViews.Detail;
import org.switchboard.conversations.ConversationViews.MessageView;
import org.switchboard.conversations.ConversationViews.Page;
import org.switchboard.conversations.ConversationViews.ReplyRoute;
import org.switchboard.conversations.ConversationViews.Summary;
import org.switchboard.crypto.Crypto;
import org.switchboard.crypto.OrgKeys;
import org.switchboard.crypto.SealedBox;
import org.switchboard.crypto.Vault;
import org.switchboard.errors.BadInputException;
import org.switchboard.errors.ConflictException;
import org.switchboard.errors.MissingException;
import org.switchboard.errors.PermissionDeniedException;
import org.switchboard.events.EventHub;
import org.switchboard.events.LiveEvent;
import org.switchboard.media.AttachmentMeta;
import org.switchboard.media.AttachmentStore;
import org.switchboard.media.OutboundMediaLink;
import org.switchboard.orgs.Sealer;
import org.switchboard.outbox.Dispatcher;
import org.switchboard.outbox.OutboxPayload;
import org.switchboard.outbox.OutboxStore;
import org.switchboard.storage.Writer;
import org.switchboard.users.User;
import org.switchboard.users.UserService;

/**
 * The inbox: lists and opens conversations for a member (decrypting with their session's keys), and carries out
 * what they do — reply on the channel the person used, add internal notes, assign, close, reopen, archive, block.
 * A reply is checked against the channel's limits and the consent ledger, then sealed, queued in the outbox and
 * committed before any send is tried.
 */
@Singleton
public class ConversationService {
  public static final int MAX_NOTE_LENGTH = 10_000;
  public static final int PAGE_SIZE = 50;
  public static final int HISTORY_LIMIT = 1000;

  private final ConversationStore conversations;
  private final MessageStore messages;
  private final ContactStore contacts;
  private final AttachmentStore attachments;
  private final OutboxStore outbox;
  private final ConnectorService connectors;
  private final UserService users;
  private final Sealer sealer;
  private final Vault vault;
  private final Dispatcher dispatcher;
  private final EventHub events;
  private final Writer writer;
  private final Clock clock;

  @Inject
  ConversationService(ConversationStore conversations, MessageStore messages, ContactStore contacts,
      AttachmentStore attachments, OutboxStore outbox, ConnectorService connectors, UserService users, Sealer sealer,
      Vault vault, Dispatcher dispatcher, EventHub events, Writer writer, Clock clock) {
    this.conversations = conversations;
    this.messages = messages;
    this.contacts = contacts;
    this.attachments = attachments;
    this.outbox = outbox;
    this.connectors = connectors;
    this.users = users;
    this.sealer = sealer;
    this.vault = vault;
    this.dispatcher = dispatcher;
    this.events = events;
    this.writer = writer;
    this.clock = clock;
  }

  // ------------------------------------------------------------------------------------------------- reading

  /** A page of the inbox, newest first, previews decrypted. */
  public Page list(Caller caller, ConversationStore.Filter filter, Optional<String> cursor) {
    OrgKeys keys = caller.unlocked();
    var rows = conversations.list(caller.orgId(), caller.userId(), filter, PAGE_SIZE + 1,
        cursor.flatMap(ConversationStore.Cursor::decode));
    Map<Long, String> names = userNames(caller.orgId());
    Map<Long, String> channelTypes = channelTypes(caller.orgId());
    List<Summary> summaries = new ArrayList<>();
    for (var row : rows.subList(0, Math.min(rows.size(), PAGE_SIZE))) {
      ContactLabel label = row.contactName() != null ? ContactLabel.of(keys.openText(row.contactName()))
          : row.replyAddress() != null ? ContactLabels.display(Address.parse(keys.openText(row.replyAddress())),
              row.contactId())
          : ContactLabels.numbered(row.contactId());
      String preview = row.lastBody() == null ? "" : preview(keys.openText(row.lastBody()), row.lastMediaCount());
      summaries.add(new Summary(row.id(), label, row.status(), row.assigneeId(),
          row.assigneeId().map(names::get), row.lastMessageAt(), preview, row.lastDirection(), row.unread(),
          row.replyChannelId().map(channelTypes::get).orElse("")));
    }
    Optional<String> next = rows.size() > PAGE_SIZE
        ? Optional.of(new ConversationStore.Cursor(rows.get(PAGE_SIZE - 1).lastMessageAt(),
            rows.get(PAGE_SIZE - 1).id()).encode())
        : Optional.empty();
    return new Page(summaries, next);
  }

  /** A whole conversation with its history (newest {@link #HISTORY_LIMIT} messages). */
  public Detail get(Caller caller, long id) {
    OrgKeys keys = caller.unlocked();
    ConversationStore.Row row = row(caller, id);
    var contactRow = contacts.byId(row.contactId()).orElseThrow(() -> new MissingException("contact"));
    List<ContactLabel> addresses = contacts.addresses(row.contactId()).stream()
        .map(a -> ContactLabels.display(Address.parse(keys.openText(a.address())), row.contactId())).toList();
    Optional<String> name = Optional.ofNullable(keys.openText(contactRow.name()));
    ContactView contact = new ContactView(contactRow.id(),
        name.map(ContactLabel::of).orElse(addresses.isEmpty() ? ContactLabels.numbered(contactRow.id())
            : addresses.get(0)), name, addresses,
        contactRow.blocked(), contactRow.optedOut(), contactRow.identityChangedAt());
    Map<Long, String> names = userNames(caller.orgId());
    var history = messages.recent(id, HISTORY_LIMIT);
    Map<Long, List<AttachmentView>> media = attachmentsFor(keys,
        history.stream().filter(m -> m.mediaCount() > 0).map(MessageStore.Row::id).toList());
    // Opening a sealed box is ~70 µs; long histories are opened on all cores (the stream keeps their order).
    var stream = history.size() > 64 ? history.parallelStream() : history.stream();
    List<MessageView> views = stream.map(m -> new MessageView(m.id(), m.direction(), keys.openText(m.body()),
        Optional.ofNullable(m.quote()).map(keys::openText), m.authorId().map(names::get), m.status(),
        m.statusCode(), m.statusDetail(), m.createdAt(), media.getOrDefault(m.id(), List.of()), m.expiresAt()))
        .toList();
    return new Detail(row.id(), row.status(), contact, row.assigneeId(), row.assigneeId().map(names::get), views,
        replyRoute(row, contactRow), row.disappearingSeconds());
  }

  /** An attachment's bytes and metadata, for a member of the org. */
  public Map.Entry<AttachmentMeta, byte[]> attachment(Caller caller, long attachmentId) {
    OrgKeys keys = caller.unlocked();
    var data = attachments.data(attachmentId).filter(a -> a.orgId() == caller.orgId())
        .orElseThrow(() -> new MissingException("attachment " + attachmentId));
    return Map.entry(AttachmentMeta.fromJson(keys.open(data.meta())), keys.open(data.data()));
  }

  // ------------------------------------------------------------------------------------------------- acting

  /** An uploaded attachment for a reply. */
  public record Upload(String contentType, String filename, byte[] data) {
    @Override
    public String toString() {
      return "Upload[" + contentType + ", " + data.length + " bytes]";
    }
  }

  /** Queues a reply on the channel the person last used. */
  public long reply(Caller caller, long id, String text, List<Upload> uploads) {
    caller.unlocked();
    String body = text == null ? "" : text.strip();
    List<Upload> media = uploads == null ? List.of() : uploads;
    if (body.isEmpty() && media.isEmpty()) {
      throw new BadInputException("text", "write a message first");
    }
    ConversationStore.Row row = row(caller, id);
    var contactRow = contacts.byId(row.contactId()).orElseThrow(() -> new MissingException("contact"));
    ReplyRoute route = replyRoute(row, contactRow);
    if (!route.possible()) {
      throw new ConflictException(route.problem());
    }
    if (body.codePointCount(0, body.length()) > route.maxTextLength()) {
      throw new BadInputException("text", "message is too long for " + route.channelLabel() + ": at most "
          + route.maxTextLength() + " characters");
    }
    if (media.size() > route.maxMedia()) {
      throw new BadInputException("media", route.maxMedia() == 0 ? route.channelLabel() + " cannot carry attachments"
          : "at most " + route.maxMedia() + " attachment(s) on " + route.channelLabel());
    }
    ChannelNumber number = connectors.number(row.replyChannelId().orElseThrow()).orElseThrow();
    long limitBytes = limits(number).maxMediaBytes();
    for (Upload upload : media) {
      if (upload.data().length > limitBytes) {
        throw new BadInputException("media", "attachment is larger than " + route.channelLabel() + " allows ("
            + limitBytes / (1024 * 1024) + " MB)");
      }
    }
    OrgKeys keys = caller.unlocked();
    var addressRow = contacts.address(row.replyAddressId().orElseThrow()).orElseThrow();
    String recipient = keys.openText(addressRow.address());
    long orgId = caller.orgId();
    SealedBox sealedBody = sealer.seal(orgId, body);
    List<OutboxPayload.Media> payloadMedia = new ArrayList<>();
    List<SealedBox[]> sealedMedia = new ArrayList<>();
    for (Upload upload : media) {
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(Crypto.get().randomBytes(24));
      payloadMedia.add(new OutboxPayload.Media(upload.contentType(), upload.filename(), upload.data(), token));
      sealedMedia.add(new SealedBox[] {
          sealer.seal(orgId, new AttachmentMeta(upload.contentType(), upload.filename(), null).toJson()),
          sealer.seal(orgId, upload.data())});
    }
    OutboxPayload payload = new OutboxPayload(row.contactId(), recipient, body, payloadMedia, null, null);
    var lockedPayload = vault.lock(payload.toJson());
    Instant now = clock.instant();
    Instant expires = row.disappearingSeconds().map(now::plusSeconds).orElse(null);
    long messageId = writer.write(tx -> {
      long mid = messages.insert(tx.dsl(), new MessageStore.New(orgId, id, number.id(), Direction.OUT,
          caller.userId(), sealedBody, null, MessageStatus.QUEUED, media.size(), expires), now);
      for (int i = 0; i < payloadMedia.size(); i++) {
        attachments.insertStored(tx.dsl(), orgId, mid, sealedMedia.get(i)[0], sealedMedia.get(i)[1],
            payloadMedia.get(i).data().length, now);
        OutboxPayload.Media m = payloadMedia.get(i);
        attachments.insertOutboundMedia(tx.dsl(), m.linkToken(), orgId, mid,
            vault.lock(OutboundMediaLink.encode(m.contentType(), m.data())), now.plus(OutboundMediaLink.LIFETIME));
      }
      outbox.insert(tx.dsl(), orgId, mid, number.id(), lockedPayload, now);
      conversations.touchOutbound(tx.dsl(), id, mid, now);
      tx.afterCommit(() -> {
        dispatcher.wake();
        events.publish(LiveEvent.message(orgId, id));
      });
      return mid;
    });
    return messageId;
  }

  /** Sends a failed outbound message again (a member re-queues it; the text comes from the sealed copy). */
  public long retry(Caller caller, long messageId) {
    OrgKeys keys = caller.unlocked();
    var message = messages.byId(messageId).filter(m -> m.orgId() == caller.orgId())
        .orElseThrow(() -> new MissingException("message " + messageId));
    if (message.direction() != Direction.OUT || message.status() != MessageStatus.FAILED) {
      throw new ConflictException("only failed replies can be sent again");
    }
    return reply(caller, message.conversationId(), keys.openText(message.body()), List.of());
  }

  /** Adds an internal note (never sent). */
  public long note(Caller caller, long id, String text) {
    String body = text == null ? "" : text.strip();
    if (body.isEmpty()) {
      throw new BadInputException("text", "write a note first");
    }
    if (body.length() > MAX_NOTE_LENGTH) {
      throw new BadInputException("text", "a note can be at most " + MAX_NOTE_LENGTH + " characters");
    }
    caller.unlocked();
    row(caller, id);
    SealedBox sealed = sealer.seal(caller.orgId(), body);
    Instant now = clock.instant();
    return writer.write(tx -> {
      long mid = messages.insert(tx.dsl(), new MessageStore.New(caller.orgId(), id, null, Direction.NOTE,
          caller.userId(), sealed, null, MessageStatus.NOTE, 0, null), now);
      conversations.touchOutbound(tx.dsl(), id, mid, now);
      tx.afterCommit(() -> events.publish(LiveEvent.message(caller.orgId(), id)));
      return mid;
    });
  }

  /** Assigns to a member (or nobody). Volunteers may take or release a conversation; admins assign anyone. */
  public void assign(Caller caller, long id, Optional<Long> userId) {
    ConversationStore.Row row = row(caller, id);
    if (!caller.role().canManage()) {
      boolean takingFree = userId.isPresent() && userId.get() == caller.userId();
      boolean releasingOwn = userId.isEmpty() && row.assigneeId().map(a -> a == caller.userId()).orElse(true);
      if (!takingFree && !releasingOwn) {
        throw new PermissionDeniedException("volunteers can assign conversations only to themselves");
      }
    }
    if (userId.isPresent()) {
      User user = users.get(caller.orgId(), userId.get());
      if (!user.active()) {
        throw new ConflictException("this member is deactivated");
      }
    }
    writer.write(tx -> {
      conversations.setAssignee(tx.dsl(), id, userId.orElse(null));
      tx.afterCommit(() -> events.publish(LiveEvent.conversation(caller.orgId(), id)));
      return null;
    });
  }

  /** Closes, reopens, snoozes or archives. */
  public void setStatus(Caller caller, long id, ConversationStatus status) {
    row(caller, id);
    writer.write(tx -> {
      conversations.setStatus(tx.dsl(), id, status);
      tx.afterCommit(() -> events.publish(LiveEvent.conversation(caller.orgId(), id)));
      return null;
    });
  }

  /** Marks everything up to the newest message read for this member. */
  public void markRead(Caller caller, long id) {
    ConversationStore.Row row = row(caller, id);
    if (row.lastMessageId().isEmpty()) {
      return;
    }
    writer.submit(tx -> {
      conversations.markRead(tx.dsl(), id, caller.userId(), row.lastMessageId().get());
      return null;
    });
  }

  /** Blocks or unblocks the contact: a blocked sender's messages are dropped at the webhook. */
  public void setBlocked(Caller caller, long id, boolean blocked) {
    ConversationStore.Row row = row(caller, id);
    writer.write(tx -> {
      contacts.setBlocked(tx.dsl(), row.contactId(), blocked);
      tx.afterCommit(() -> events.publish(LiveEvent.conversation(caller.orgId(), id)));
      return null;
    });
  }

  /** Clears the safety-number warning after a member verified the contact. */
  public void acknowledgeIdentity(Caller caller, long id) {
    ConversationStore.Row row = row(caller, id);
    writer.write(tx -> {
      contacts.setIdentityChanged(tx.dsl(), row.contactId(), null);
      return null;
    });
  }

  public ConversationStore.Row row(Caller caller, long id) {
    return conversations.byId(id).filter(r -> r.orgId() == caller.orgId())
        .orElseThrow(() -> new MissingException("conversation " + id));
  }

  // ------------------------------------------------------------------------------------------------- helpers

  private ReplyRoute replyRoute(ConversationStore.Row row, ContactStore.Row contact) {
    if (contact.blocked()) {
      return new ReplyRoute(false, "", "", 0, 0, "this contact is blocked; unblock them to reply");
    }
    if (contact.optedOut()) {
      return new ReplyRoute(false, "", "", 0, 0, "this person opted out of messages (STOP); they must opt back in"
          + " before anyone can write to them");
    }
    Optional<ChannelNumber> number = row.replyChannelId().flatMap(connectors::number);
    if (number.isEmpty() || row.replyAddressId().isEmpty()) {
      return new ReplyRoute(false, "", "", 0, 0, "the number this person wrote to is not activated; activate it"
          + " under Settings → Connectors to reply");
    }
    if (!number.get().active()) {
      return new ReplyRoute(false, "", "", 0, 0, "the number this person wrote to was deactivated");
    }
    Optional<Connector> connector = connectors.find(number.get().connectorId());
    if (connector.isEmpty() || connectorsChannelMissing(connector.get())) {
      return new ReplyRoute(false, "", "", 0, 0, "the channel plugin for this number is not installed");
    }
    ChannelLimits limits = limits(number.get());
    String label = connector.get().name();
    return new ReplyRoute(true, connector.get().type(), label, limits.maxTextLength(), limits.maxMedia(), "");
  }

  private boolean connectorsChannelMissing(Connector connector) {
    return connectors.channelTypes().stream().noneMatch(c -> c.descriptor().type().equals(connector.type()));
  }

  private ChannelLimits limits(ChannelNumber number) {
    return dispatcher.limits(number);
  }

  private Map<Long, List<AttachmentView>> attachmentsFor(OrgKeys keys, List<Long> messageIds) {
    Map<Long, List<AttachmentView>> byMessage = new HashMap<>();
    for (var a : attachments.forMessages(messageIds)) {
      AttachmentMeta meta = a.meta() == null ? new AttachmentMeta(null, null, null)
          : AttachmentMeta.fromJson(keys.open(a.meta()));
      byMessage.computeIfAbsent(a.messageId(), k -> new ArrayList<>()).add(new AttachmentView(a.id(), a.state(),
          meta.contentType(), meta.filename(), a.size(), meta.isImage(), meta.problem()));
    }
    return byMessage;
  }

  private Map<Long, String> userNames(long orgId) {
    return users.list(orgId).stream().collect(Collectors.toMap(User::id, User::displayName));
  }

  private Map<Long, String> channelTypes(long orgId) {
    return connectors.numberTypes(orgId);
  }

  private static String preview(String body, int mediaCount) {
    String oneLine = body.replaceAll("\\s+", " ").strip();
    if (oneLine.isEmpty() && mediaCount > 0) {
      return "📎 " + mediaCount + " attachment" + (mediaCount == 1 ? "" : "s");
    }
    return oneLine.length() > 140 ? oneLine.substring(0, 139) + "…" : oneLine;
  }
}
