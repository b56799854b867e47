package org.switchboard.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.CloseableQuery;
import org.jooq.CloseableResultQuery;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.ResultQuery;

/** One unit of work inside a writer batch: its SQL goes through {@link #dsl()}; effects wait for the commit. */
public final class Tx {
  private final DSLContext dsl;
  private final Map<String, CloseableQuery> reusable;
  private final List<Runnable> afterCommit = new ArrayList<>();

  Tx(DSLContext dsl, Map<String, CloseableQuery> reusable) {
    this.dsl = dsl;
    this.reusable = reusable;
  }

  /**
   * A query for the hot path, built once on the writer's connection and kept prepared: bind its named parameters
   * ({@code DSL.param("name", Type.class)}) and run it. Saves rendering the SQL and preparing the statement on
   * every message.
   */
  public CloseableQuery reuse(String key, Function<DSLContext, Query> build) {
    return (CloseableQuery) reusable.computeIfAbsent(key, k -> build.apply(dsl).keepStatement(true));
  }

  /** {@link #reuse} for a query that returns rows (a select, or an insert … returning). */
  @SuppressWarnings("unchecked")
  public <R extends Record> CloseableResultQuery<R> reuseResult(String key,
      Function<DSLContext, ResultQuery<R>> build) {
    return (CloseableResultQuery<R>) reusable.computeIfAbsent(key, k -> build.apply(dsl).keepStatement(true));
  }

  public DSLContext dsl() {
    return dsl;
  }

  /** Runs {@code effect} once the batch holding this work is durably committed (e.g. to notify live views). */
  public void afterCommit(Runnable effect) {
    afterCommit.add(effect);
  }

  List<Runnable> afterCommitEffects() {
    return afterCommit;
  }
}
