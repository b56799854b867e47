package org.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.storage.schema.Tables.ATTACHMENTS;
import static org.switchboard.storage.schema.Tables.MEDIA_FETCHES;
import static org.switchboard.storage.schema.Tables.MESSAGES;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.MediaRef;
import org.switchboard.channels.ConnectorService;
import org.switchboard.crypto.Vault;
import org.switchboard.crypto.VaultBox;
import org.switchboard.ingest.MediaRefs;
import org.switchboard.media.AttachmentStore;
import org.switchboard.media.MediaFetcher;
import org.switchboard.storage.Writer;

/** One download that goes wrong in an unexpected way neither blocks the others nor comes back forever. */
class MediaFetcherTest {
  private TestSwitchboard server;

  @BeforeEach
  void start() {
    server = TestSwitchboard.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    server.deleteData();
  }

  @Test
  void aBrokenDownloadIsCountedAndTheNextOneStillRuns() {
    var org = server.createOrg("Line");
    var chat = server.get(ConnectorService.class).list(org.id()).get(0);
    new WebChatServiceDriver(server, chat.webhookToken()).say("a photo follows");
    long message = server.server().database().read().select(MESSAGES.ID).from(MESSAGES).fetchAny(MESSAGES.ID);
    AttachmentStore store = server.get(AttachmentStore.class);
    VaultBox good = server.get(Vault.class).lock(MediaRefs.encode(
        new MediaRef("photo-1", Optional.of("image/jpeg"), Optional.empty())));
    Instant now = Instant.now();
    long[] ids = server.get(Writer.class).write(tx -> {
      long broken = store.insertPending(tx.dsl(), org.id(), message, now);
      store.insertFetch(tx.dsl(), broken, chat.id(), VaultBox.of(new byte[] {1, 2, 3}), now.minusSeconds(5));
      long fine = store.insertPending(tx.dsl(), org.id(), message, now);
      store.insertFetch(tx.dsl(), fine, chat.id(), good, now);
      return new long[] {broken, fine};
    });

    server.get(MediaFetcher.class).wake();

    // The web chat carries no media, so the second download ends as failed, with its reason, after the first broke.
    Waits.until(Duration.ofSeconds(10), () -> "failed".equals(state(ids[1])));
    var broken = server.server().database().read().fetchOne(MEDIA_FETCHES, MEDIA_FETCHES.ATTACHMENT_ID.eq(ids[0]));
    assertThat(broken.getAttempts()).as("the broken download's attempt is counted").isEqualTo(1L);
    assertThat(broken.getNextAttemptAt()).as("and it waits before the next try").isGreaterThan(now.toEpochMilli());
    assertThat(state(ids[0])).isEqualTo("pending");
  }

  private String state(long attachment) {
    return server.server().database().read().select(ATTACHMENTS.STATE).from(ATTACHMENTS)
        .where(ATTACHMENTS.ID.eq(attachment)).fetchOne(ATTACHMENTS.STATE);
  }
}
