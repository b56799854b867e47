package org.switchboard.plugins.signal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.switchboard.api.Health;
import org.switchboard.api.InboundEvent;
import org.switchboard.api.InboundSink;

/** An inbound sink for tests: records batches and health reports; can hold batches until a test completes them. */
final class RecordingSink implements InboundSink {
  private final List<List<InboundEvent>> batches = new CopyOnWriteArrayList<>();
  private final List<Health> healths = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
  private volatile boolean holding;
  private volatile Throwable failure;

  /** From now on, every batch fails to store with {@code error}. */
  RecordingSink failWith(Throwable error) {
    failure = error;
    return this;
  }

  /** From now on, batches stay unstored until {@link #completeAll()}. */
  RecordingSink hold() {
    holding = true;
    return this;
  }

  /** Completes held batches and stops holding. */
  void completeAll() {
    holding = false;
    pending.forEach(f -> f.complete(null));
  }

  @Override
  public CompletionStage<Void> accept(List<InboundEvent> events) {
    batches.add(List.copyOf(events));
    if (failure != null) {
      return CompletableFuture.failedFuture(failure);
    }
    if (holding) {
      CompletableFuture<Void> future = new CompletableFuture<>();
      pending.add(future);
      return future;
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void health(Health health) {
    healths.add(health);
  }

  List<List<InboundEvent>> batches() {
    return List.copyOf(batches);
  }

  List<InboundEvent> events() {
    List<InboundEvent> all = new ArrayList<>();
    batches.forEach(all::addAll);
    return all;
  }

  <T extends InboundEvent> List<T> events(Class<T> type) {
    return events().stream().filter(type::isInstance).map(type::cast).toList();
  }

  List<Health> healths() {
    return List.copyOf(healths);
  }

  Health lastHealth() {
    List<Health> h = healths();
    return h.isEmpty() ? null : h.get(h.size() - 1);
  }

  /** Polls {@code condition} every 10 ms until true or {@code timeout}; returns whether it came true. */
  static boolean await(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }
}
