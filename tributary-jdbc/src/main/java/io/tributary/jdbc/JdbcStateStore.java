package io.tributary.jdbc;

import io.tributary.core.state.StateStoreException;

import io.tributary.core.state.StateReader;
import io.tributary.core.state.StateStore;
import io.tributary.core.state.StateTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The state store on a JDBC database: one code path for SQLite and PostgreSQL.
 *
 * <p>Writes go through one dedicated connection, one transaction at a time (the processor is the
 * only writer of a partition's state). Reads use a pool, so the profile API never waits for the
 * processor.
 */
public final class JdbcStateStore implements StateStore {
  private final Connection writer;
  private final WriterStatements statements;
  private final JdbcStateReader reader;
  private final AutoCloseable readerPool;
  private final WriterCache cache;

  private JdbcStateStore(Connection writer, DataSource readers, AutoCloseable readerPool, long cachedProfiles)
      throws SQLException {
    this.writer = writer;
    this.cache = cachedProfiles > 0 ? new WriterCache(cachedProfiles) : null;
    this.statements = new WriterStatements(writer);
    this.reader = new JdbcStateReader(readers);
    this.readerPool = readerPool;
  }

  /**
   * Migrates the schema and opens the store.
   *
   * @param writer the connection all writes go through; the store owns and closes it
   * @param readers where read connections come from
   * @param readerPool closed with the store (the pool behind {@code readers}), may be null
   * @param cachedProfiles how many profiles (with their links) the writer keeps in memory between
   *     transactions; 0 when another process may write the same state, which would make the cache
   *     stale
   */
  public static JdbcStateStore open(
      Dialect dialect, Connection writer, DataSource readers, AutoCloseable readerPool, long cachedProfiles) {
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(readers, "readers");
    try {
      Migrations.apply(writer, "state", StateSchema.migrations(dialect));
      writer.setAutoCommit(false);
      return new JdbcStateStore(writer, readers, readerPool, cachedProfiles);
    } catch (SQLException e) {
      throw new StateStoreException("Could not open the state store", e);
    }
  }

  @Override
  public synchronized <T> T inTransaction(Function<StateTransaction, T> work) {
    var tx = new JdbcStateTransaction(statements, cache);
    try {
      T result = work.apply(tx);
      tx.flush();
      writer.commit();
      tx.publish();
      return result;
    } catch (RuntimeException | Error e) {
      rollbackAfter(e);
      throw e;
    } catch (SQLException e) {
      rollbackAfter(e);
      throw new StateStoreException("Committing a state transaction failed", e);
    }
  }

  /** Rolls back after a failure, keeping a rollback failure as suppressed by the first. */
  private void rollbackAfter(Throwable failure) {
    try {
      writer.rollback();
    } catch (SQLException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
  }

  @Override
  public StateReader reader() {
    return reader;
  }

  @Override
  public synchronized void close() {
    statements.close();
    try {
      writer.close();
    } catch (SQLException ignored) {
      // shutting down
    }
    if (readerPool != null) {
      try {
        readerPool.close();
      } catch (Exception ignored) {
        // shutting down
      }
    }
  }
}
