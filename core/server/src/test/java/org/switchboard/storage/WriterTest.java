package org.switchboard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.storage.schema.Tables.ORGS;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterTest {
  @TempDir
  Path dir;

  private static long insertOrg(Tx tx, String name) {
    return tx.dsl().insertInto(ORGS).set(ORGS.NAME, name).set(ORGS.TIMEZONE, "UTC")
        .set(ORGS.PUBLIC_KEY, new byte[32]).set(ORGS.CREATED_AT, 0L).returning(ORGS.ID).fetchOne().getId();
  }

  @Test
  void concurrentWritesShareCommitsAndAllBecomeVisible() throws Exception {
    try (Database db = Database.open(dir); Writer writer = new Writer(db)) {
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        int n = i;
        futures.add(writer.submit(tx -> insertOrg(tx, "org " + n)));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
      assertThat(db.read().fetchCount(ORGS)).isEqualTo(500);
      assertThat(futures.stream().map(CompletableFuture::join).distinct()).hasSize(500);
    }
  }

  @Test
  void aFailingUnitRollsBackAloneAndOthersInTheBatchCommit() throws Exception {
    try (Database db = Database.open(dir); Writer writer = new Writer(db)) {
      CountDownLatch hold = new CountDownLatch(1);
      // Block the writer so the next three units land in one batch.
      CompletableFuture<Object> gate = writer.submit(tx -> {
        try {
          hold.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      });
      CompletableFuture<Long> good1 = writer.submit(tx -> insertOrg(tx, "kept 1"));
      CompletableFuture<Long> bad = writer.submit(tx -> {
        insertOrg(tx, "half written");
        throw new IllegalStateException("boom");
      });
      CompletableFuture<Long> good2 = writer.submit(tx -> insertOrg(tx, "kept 2"));
      hold.countDown();
      gate.join();
      good1.join();
      good2.join();
      assertThatThrownBy(bad::join).hasCauseInstanceOf(IllegalStateException.class);
      assertThat(db.read().select(ORGS.NAME).from(ORGS).fetch(ORGS.NAME)).containsExactlyInAnyOrder("kept 1", "kept 2");
    }
  }

  @Test
  void afterCommitEffectsRunOnlyForCommittedWork() throws Exception {
    AtomicInteger effects = new AtomicInteger();
    try (Database db = Database.open(dir); Writer writer = new Writer(db)) {
      writer.write(tx -> {
        insertOrg(tx, "a");
        tx.afterCommit(effects::incrementAndGet);
        return null;
      });
      assertThatThrownBy(() -> writer.write(tx -> {
        tx.afterCommit(effects::incrementAndGet);
        throw new IllegalArgumentException("no");
      })).isInstanceOf(IllegalArgumentException.class);
      assertThat(effects.get()).isEqualTo(1);
    }
  }

  @Test
  void committedWritesSurviveReopening() throws Exception {
    try (Database db = Database.open(dir); Writer writer = new Writer(db)) {
      writer.write(tx -> insertOrg(tx, "durable"));
    }
    try (Database db = Database.open(dir)) {
      assertThat(db.read().select(ORGS.NAME).from(ORGS).fetch(ORGS.NAME)).containsExactly("durable");
    }
  }
}
