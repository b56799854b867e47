package org.switchboard.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/** One unit of work inside a writer batch: its SQL goes through {@link #dsl()}; effects wait for the commit. */
public final class Tx {
  private final DSLContext dsl;
  private final Connection connection;
  private final Map<String, PreparedStatement> statements;
  private final List<Runnable> afterCommit = new ArrayList<>();

  Tx(DSLContext dsl, Connection connection, Map<String, PreparedStatement> statements) {
    this.dsl = dsl;
    this.connection = connection;
    this.statements = statements;
  }

  public DSLContext dsl() {
    return dsl;
  }

  /**
   * A plain JDBC statement on the writer's connection, prepared once per SQL text and kept: for the few statements
   * every inbound message runs, where even jOOQ's rendering shows up in profiles. Parameters are cleared first.
   */
  public PreparedStatement prepared(String sql) {
    try {
      PreparedStatement statement = statements.get(sql);
      if (statement == null) {
        statement = connection.prepareStatement(sql);
        statements.put(sql, statement);
      }
      statement.clearParameters();
      return statement;
    } catch (SQLException e) {
      throw new StorageException("could not prepare a statement", e);
    }
  }

  /** Runs {@code effect} once the batch holding this work is durably committed (e.g. to notify live views). */
  public void afterCommit(Runnable effect) {
    afterCommit.add(effect);
  }

  List<Runnable> afterCommitEffects() {
    return afterCommit;
  }
}
