package org.switchboard.storage;

import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;

/** One unit of work inside a writer batch: its SQL goes through {@link #dsl()}; effects wait for the commit. */
public final class Tx {
  private final DSLContext dsl;
  private final List<Runnable> afterCommit = new ArrayList<>();

  Tx(DSLContext dsl) {
    this.dsl = dsl;
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
