package org.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.storage.schema.Tables.MESSAGES;
import static org.switchboard.storage.schema.Tables.OUTBOX;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.channels.ConnectorService;
import org.switchboard.crypto.VaultBox;
import org.switchboard.outbox.Dispatcher;
import org.switchboard.outbox.OutboxStore;
import org.switchboard.storage.Writer;

/** A send that breaks before reaching the provider goes back to the queue as a counted try, never stuck claimed. */
class DispatcherFailuresTest {
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
  void aSendThatCannotBePreparedIsRetriedLaterNotLeftClaimed() {
    var org = server.createOrg("Line");
    var chat = server.get(ConnectorService.class).list(org.id()).get(0);
    new WebChatServiceDriver(server, chat.webhookToken()).say("hello");
    long message = server.server().database().read().select(MESSAGES.ID).from(MESSAGES).fetchAny(MESSAGES.ID);
    long channel = server.get(ConnectorService.class).numbersInOrg(org.id()).get(0).id();
    long row = server.get(Writer.class).write(tx -> server.get(OutboxStore.class)
        .insert(tx.dsl(), org.id(), message, channel, VaultBox.of(new byte[] {9, 9, 9}), Instant.now()));

    server.get(Dispatcher.class).wake();

    Waits.until(Duration.ofSeconds(10), () -> {
      var r = server.server().database().read().fetchOne(OUTBOX, OUTBOX.ID.eq(row));
      return r.getAttempts() == 1 && "pending".equals(r.getState());
    });
    var r = server.server().database().read().fetchOne(OUTBOX, OUTBOX.ID.eq(row));
    assertThat(r.getLastError()).startsWith("BAD_RESPONSE");
    assertThat(r.getNextAttemptAt()).as("backed off").isGreaterThan(Instant.now().toEpochMilli());
  }
}
