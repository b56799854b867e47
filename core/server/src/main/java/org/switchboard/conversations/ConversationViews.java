package org.switchboard.conversations;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.switchboard.contacts.ContactLabel;

/** What members see of conversations, decrypted with their session's keys. */
public final class ConversationViews {
  private ConversationViews() {}

  /** One row of the inbox list. */
  public record Summary(long id, ContactLabel contactLabel, ConversationStatus status, Optional<Long> assigneeId,
      Optional<String> assigneeName, Instant lastMessageAt, String preview, Optional<Direction> lastDirection,
      boolean unread, String channelType) {}

  /** A page of the inbox list and where the next one starts. */
  public record Page(List<Summary> conversations, Optional<String> nextCursor) {}

  /** A whole conversation. */
  public record Detail(long id, ConversationStatus status, ContactView contact, Optional<Long> assigneeId,
      Optional<String> assigneeName, List<MessageView> messages, ReplyRoute reply,
      Optional<Integer> disappearingSeconds) {}

  /** The person, as far as members may see them. */
  public record ContactView(long id, ContactLabel label, Optional<String> name, List<ContactLabel> addresses,
      boolean blocked,
      boolean optedOut, Optional<Instant> identityChangedAt) {}

  /** Where a reply would go, or why it cannot. */
  public record ReplyRoute(boolean possible, String channelType, String channelLabel, int maxTextLength,
      int maxMedia, String problem) {}

  /** One message. */
  public record MessageView(long id, Direction direction, String body, Optional<String> quote,
      Optional<String> authorName, MessageStatus status, Optional<String> statusCode, Optional<String> statusDetail,
      Instant createdAt, List<AttachmentView> attachments, Optional<Instant> expiresAt) {}

  /** One attachment (data served separately to members). */
  public record AttachmentView(long id, String state, String contentType, String filename, Optional<Long> size,
      boolean image, String problem) {}
}
