package io.tributary.jdbc;

import io.tributary.core.state.StateReader;
import io.tributary.core.state.StateStore;
import io.tributary.core.state.StateStoreException;
import io.tributary.core.state.StateTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The state store on a JDBC database: one code path for SQLite and PostgreSQL.
 *
 * <p>Writes go through one dedicated connection, one transaction at a time, at SERIALIZABLE
 * isolation: where several hub instances write one database, a transaction that lost a race with
 * another is rolled back and ends in {@link StateStoreException.Conflict} (the mapping of SQL
 * failures lives in {@code StoreFailures}), so that a concurrent merge can neither be lost nor leave an identifier on two
 * profiles. Reads use a pool, so the profile API never waits for the processor.
 *
 * <p>A writer connection found broken after a failure (the database restarted, the network
 * dropped) is closed; the next transaction opens a new one, so the store works again as soon as
 * the database does, without being reopened.
 */
public final class JdbcStateStore implements StateStore {
  /** How long checking the writer connection after a failure may take. */
  private static final int VALIDATION_TIMEOUT_SECONDS = 5;

  /** Opens a writer connection: the first when the store opens, another after one broke. */
  @FunctionalInterface
  public interface WriterConnector {
    /** A new connection in auto-commit mode; the store configures it and owns it. */
    Connection connect() throws SQLException;
  }

  private final Dialect dialect;
  private final WriterConnector connector;
  private final JdbcStateReader reader;
  private final AutoCloseable readerPool;
  private final WriterCache cache;
  private final JdbcOutbox outbox;
  private final DeliveryConnection deliveryConnection;
  private final boolean timelinePayloadsInLog;
  /** Both null while there is no usable writer connection. */
  private Connection writer;
  private WriterStatements statements;
  private boolean closed;

  private JdbcStateStore(
      Dialect dialect,
      WriterConnector connector,
      DataSource readers,
      AutoCloseable readerPool,
      long cachedProfiles,
      boolean timelinePayloadsInLog) {
    this.dialect = dialect;
    this.timelinePayloadsInLog = timelinePayloadsInLog;
    this.connector = connector;
    this.cache = cachedProfiles > 0 ? new WriterCache(cachedProfiles) : null;
    this.reader = new JdbcStateReader(readers);
    this.readerPool = readerPool;
    // SQLite has one writer per file: delivery bookkeeping shares the processor's connection.
    this.deliveryConnection = dialect == Dialect.SQLITE ? null : new DeliveryConnection(dialect, connector);
    this.outbox = new JdbcOutbox(dialect, readers, deliveryConnection != null ? deliveryConnection : this::onWriter);
  }

  /**
   * Connects the writer, migrates the schema (see {@link Migrations#apply(Connection, Dialect,
   * String, java.util.List)}) and opens the store.
   *
   * @param writer opens the connection all writes go through
   * @param readers where read connections come from
   * @param readerPool closed with the store (the pool behind {@code readers}, and whatever else lives
   *     as long as the store, such as a background checkpointer), also when opening
   *     fails; may be null
   * @param cachedProfiles how many profiles (with their links) the writer keeps in memory between
   *     transactions; 0 when another process may write the same state, which would make the cache
   *     stale
   * @param timelinePayloadsInLog whether timeline rows leave the event's payload out (an empty
   *     one), because the event log, read by position, serves it more cheaply than a second copy
   *     (true for the embedded log, a local file); false stores the payload in the row
   * @throws StateStoreException if the database cannot be reached or migrated
   */
  public static JdbcStateStore open(
      Dialect dialect,
      WriterConnector writer,
      DataSource readers,
      AutoCloseable readerPool,
      long cachedProfiles,
      boolean timelinePayloadsInLog) {
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(readers, "readers");
    JdbcStateStore store = new JdbcStateStore(dialect, writer, readers, readerPool, cachedProfiles, timelinePayloadsInLog);
    Connection c = null;
    try {
      c = writer.connect();
      Migrations.apply(c, dialect, "state", StateSchema.migrations(dialect));
      store.use(c);
      return store;
    } catch (SQLException e) {
      closeQuietly(c);
      store.close();
      throw new StateStoreException("Could not open the state store", e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      store.close();
      throw e;
    }
  }

  /** Configures a new writer connection and prepares its statements. */
  private void use(Connection c) throws SQLException {
    // SQLite's transactions are serializable anyway: one code path.
    c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
    c.setAutoCommit(false);
    statements = new WriterStatements(c);
    writer = c;
  }

  @Override
  public synchronized <T> T inTransaction(Function<StateTransaction, T> work) {
    var tx = new JdbcStateTransaction(connected(), dialect, cache, timelinePayloadsInLog);
    try {
      T result = work.apply(tx);
      tx.flush();
      writer.commit();
      tx.publish();
      return result;
    } catch (RuntimeException | Error e) {
      afterFailure(e);
      throw e;
    } catch (SQLException e) {
      RuntimeException failure = StoreFailures.of(dialect, "Committing a state transaction", e);
      afterFailure(failure);
      throw failure;
    }
  }

  /** Runs work in a transaction of its own on the writer connection, between processor transactions. */
  private synchronized <T> T onWriter(String what, SqlWork<T> work) {
    connected();
    try {
      T result = work.run(writer);
      writer.commit();
      return result;
    } catch (SQLException e) {
      RuntimeException failure = StoreFailures.of(dialect, what, e);
      afterFailure(failure);
      throw failure;
    } catch (RuntimeException | Error e) {
      afterFailure(e);
      throw e;
    }
  }

  /** The outbox, dead letters, destinations and delivery lanes in this store. */
  public io.tributary.core.delivery.Outbox outbox() {
    return outbox;
  }

  /** The writer's statements, on a new connection if the last one broke. */
  private WriterStatements connected() {
    if (statements != null) {
      return statements;
    }
    if (closed) {
      throw new IllegalStateException("Expected an open state store, but it was closed");
    }
    Connection c = null;
    try {
      c = connector.connect();
      use(c);
      return statements;
    } catch (SQLException e) {
      closeQuietly(c);
      throw new StateStoreException("Could not connect the state store's writer again; the transaction did not start", e);
    }
  }

  /**
   * Rolls back after a failure, keeping a rollback failure as suppressed by the first, and lets go
   * of the connection if it is broken.
   */
  private void afterFailure(Throwable failure) {
    try {
      writer.rollback();
    } catch (SQLException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
    if (!(failure instanceof StateStoreException.Conflict) && !isValid(writer)) {
      disconnect();
    }
  }

  private static boolean isValid(Connection c) {
    try {
      return c.isValid(VALIDATION_TIMEOUT_SECONDS);
    } catch (SQLException e) {
      return false;
    }
  }

  private void disconnect() {
    statements.close();
    closeQuietly(writer);
    statements = null;
    writer = null;
    if (cache != null) {
      // Whether the last commit happened is unknown: what the cache holds may be stale.
      cache.clear();
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // broken or shutting down: nothing left to do with it
    }
  }

  @Override
  public StateReader reader() {
    return reader;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (deliveryConnection != null) {
      deliveryConnection.close();
    }
    if (writer != null) {
      disconnect();
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
