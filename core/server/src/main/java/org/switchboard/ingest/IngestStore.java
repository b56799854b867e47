package org.switchboard.ingest;

import com.google.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import org.switchboard.crypto.SealedBox;
import org.switchboard.storage.StorageException;
import org.switchboard.storage.Tx;

/**
 * The four statements every inbound message runs on the writer — drop a provider retry, find the thread, insert
 * the message, move the conversation — as plain JDBC statements kept prepared on the writer's connection. The rest
 * of the server builds its SQL with jOOQ; here even jOOQ's rendering showed in the ingest profile
 * ({@code bench/}). Everything else ingest does (new contacts and conversations, consent, statuses) goes through
 * the feature stores. Only ciphertext and keyed hashes pass through.
 */
@Singleton
public class IngestStore {
  private static final String MARK_SEEN =
      "INSERT INTO inbound_seen (connector_id, provider_key, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
  private static final String FIND_THREAD =
      "SELECT a.contact_id, a.id, c.blocked, a.scheme, c.name_check, v.id, v.disappearing_seconds "
          + "FROM contact_addresses a JOIN contacts c ON c.id = a.contact_id "
          + "LEFT JOIN conversations v ON v.contact_id = a.contact_id "
          + "WHERE a.org_id = ? AND a.address_index = ?";
  private static final String INSERT_MESSAGE =
      "INSERT INTO messages (org_id, conversation_id, channel_id, direction, body_sealed, quote_sealed, status, "
          + "media_count, expires_at, created_at, updated_at) "
          + "VALUES (?, ?, ?, 'in', ?, ?, 'received', ?, ?, ?, ?) RETURNING id";
  private static final String TOUCH_CONVERSATION =
      "UPDATE conversations SET last_message_id = ?, last_inbound_message_id = ?, last_message_at = ?, "
          + "last_inbound_at = ?, reply_channel_id = ?, reply_address_id = ?, status = 'open' WHERE id = ?";

  /** A contact found by address, with its conversation if it has one. */
  public record Thread(long contactId, long addressId, boolean blocked, String scheme, byte[] nameCheck,
      Optional<Long> conversationId, Optional<Integer> disappearingSeconds) {}

  /** Records a provider id; false if it was already there (a retry). */
  public boolean markSeen(Tx tx, long connectorId, byte[] providerKey, long now) {
    try {
      PreparedStatement statement = tx.prepared(MARK_SEEN);
      statement.setLong(1, connectorId);
      statement.setBytes(2, providerKey);
      statement.setLong(3, now);
      return statement.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StorageException("could not record a provider id", e);
    }
  }

  public Optional<Thread> findThread(Tx tx, long orgId, byte[] addressIndex) {
    try {
      PreparedStatement statement = tx.prepared(FIND_THREAD);
      statement.setLong(1, orgId);
      statement.setBytes(2, addressIndex);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        long conversation = row.getLong(6);
        Optional<Long> conversationId = row.wasNull() ? Optional.empty() : Optional.of(conversation);
        int seconds = row.getInt(7);
        Optional<Integer> disappearing = row.wasNull() ? Optional.empty() : Optional.of(seconds);
        return Optional.of(new Thread(row.getLong(1), row.getLong(2), row.getLong(3) == 1L, row.getString(4),
            row.getBytes(5), conversationId, disappearing));
      }
    } catch (SQLException e) {
      throw new StorageException("could not look up a contact", e);
    }
  }

  public long insertMessage(Tx tx, long orgId, long conversationId, Long channelId, SealedBox body, SealedBox quote,
      int mediaCount, Instant expiresAt, Instant now) {
    try {
      PreparedStatement statement = tx.prepared(INSERT_MESSAGE);
      statement.setLong(1, orgId);
      statement.setLong(2, conversationId);
      setLong(statement, 3, channelId);
      statement.setBytes(4, body.bytes());
      statement.setBytes(5, quote == null ? null : quote.bytes());
      statement.setLong(6, mediaCount);
      setLong(statement, 7, expiresAt == null ? null : expiresAt.toEpochMilli());
      statement.setLong(8, now.toEpochMilli());
      statement.setLong(9, now.toEpochMilli());
      try (ResultSet id = statement.executeQuery()) {
        id.next();
        return id.getLong(1);
      }
    } catch (SQLException e) {
      throw new StorageException("could not store a message", e);
    }
  }

  /** Records an inbound message on its conversation: newest message, reply route, and open again. */
  public void touchConversation(Tx tx, long conversationId, long messageId, Long channelId, long addressId,
      Instant at) {
    try {
      PreparedStatement statement = tx.prepared(TOUCH_CONVERSATION);
      statement.setLong(1, messageId);
      statement.setLong(2, messageId);
      statement.setLong(3, at.toEpochMilli());
      statement.setLong(4, at.toEpochMilli());
      setLong(statement, 5, channelId);
      statement.setLong(6, addressId);
      statement.setLong(7, conversationId);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("could not update a conversation", e);
    }
  }

  private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setLong(index, value);
    }
  }
}
