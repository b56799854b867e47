package org.switchboard.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single database writer. Callers hand it units of work; one thread runs whatever has queued up inside one
 * transaction, commits once with a full fsync, then completes every caller (a unit that fails is re-run alone, so
 * it does not spoil the others). Concurrent requests thus share commits instead of paying one fsync each, and
 * nobody is told "stored" before the commit is on disk.
 */
public final class Writer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Writer.class);
  private static final int MAX_BATCH = 512;
  private static final long WAIT_SECONDS = 30;

  private final BlockingQueue<Work<?>> queue = new LinkedBlockingQueue<>(50_000);
  private final Connection connection;
  private final DSLContext dsl;
  private final Thread thread;
  private final java.util.Map<String, java.sql.PreparedStatement> statements = new java.util.HashMap<>();
  private volatile boolean running = true;

  public Writer(Database database) {
    try {
      this.connection = database.openWriterConnection();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the database for writing: " + e.getMessage(), e);
    }
    this.dsl = DSL.using(connection, SQLDialect.SQLITE, Database.settings());
    this.thread = new Thread(this::run, "db-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues work; the future completes after the commit that holds it. */
  public <T> CompletableFuture<T> submit(Function<Tx, T> work) {
    Work<T> item = new Work<>(work);
    if (!running) {
      item.future.completeExceptionally(new IllegalStateException("database writer is stopped"));
      return item.future;
    }
    if (!queue.offer(item)) {
      item.future.completeExceptionally(new StorageBusyException());
    }
    return item.future;
  }

  /** Runs work and waits for its commit; the work's own exceptions are rethrown as they are. */
  public <T> T write(Function<Tx, T> work) {
    try {
      return submit(work).get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing", e);
    } catch (TimeoutException e) {
      throw new StorageBusyException();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  /** Unwraps a failure from {@link #submit} into the exception the work threw. */
  public static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
  }

  private void run() {
    List<Work<?>> batch = new ArrayList<>(MAX_BATCH);
    while (running || !queue.isEmpty()) {
      try {
        Work<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        runBatch(batch);
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      } catch (RuntimeException | Error e) {
        log.error("database writer batch failed", e);
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * Runs a batch in one transaction. If a unit fails, the whole batch is rolled back and each unit runs again in
   * its own transaction, so the failure stays with its caller (this is rare; the common path has no savepoints).
   */
  private void runBatch(List<Work<?>> batch) {
    List<Object> results = new ArrayList<>(batch.size());
    List<Tx> txs = new ArrayList<>(batch.size());
    try {
      for (Work<?> work : batch) {
        Tx tx = new Tx(dsl, connection, statements);
        results.add(work.body.apply(tx));
        txs.add(tx);
      }
      connection.commit();
    } catch (RuntimeException unitFailed) {
      rollback();
      if (batch.size() == 1) {
        batch.get(0).future.completeExceptionally(unitFailed);
      } else {
        batch.forEach(work -> runBatch(List.of(work)));
      }
      return;
    } catch (SQLException e) {
      log.error("database commit failed; {} unit(s) of work rolled back: {}", batch.size(), e.getMessage());
      rollback();
      StorageException failure = new StorageException("the database could not save this", e);
      batch.forEach(w -> w.future.completeExceptionally(failure));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      for (Runnable effect : txs.get(i).afterCommitEffects()) {
        try {
          effect.run();
        } catch (RuntimeException e) {
          log.warn("after-commit effect failed: {}", e.toString());
        }
      }
      complete(batch.get(i), results.get(i));
    }
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException rollback) {
      log.error("rollback failed: {}", rollback.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Work<T> work, Object result) {
    work.future.complete((T) result);
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (java.sql.PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException e) {
        log.debug("closing a statement: {}", e.getMessage());
      }
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("closing the writer connection failed: {}", e.getMessage());
    }
  }

  private static final class Work<T> {
    final Function<Tx, T> body;
    final CompletableFuture<T> future = new CompletableFuture<>();

    Work(Function<Tx, T> body) {
      this.body = body;
    }
  }
}
