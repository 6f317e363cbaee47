package io.tributary.jdbc;

import io.tributary.core.state.StateReader;
import io.tributary.core.state.StateStore;
import io.tributary.core.state.StateStoreException;
import io.tributary.core.state.StateTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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

  @Override
  public int forgetProcessedBefore(Instant cutoff, int max) {
    Objects.requireNonNull(cutoff, "cutoff");
    if (max < 1) {
      throw new IllegalArgumentException("Expected max to be at least 1, but was " + max);
    }
    long before = ProfileColumns.micros(cutoff);
    return onWriter("Forgetting processed message ids", c -> switch (dialect) {
      case SQLITE -> forgetByRowid(c, before, max);
      case POSTGRESQL -> forgetByReceiveTime(c, before, max);
    });
  }

  /**
   * SQLite: the oldest {@code max} rows by rowid, up to the first one received at or after the
   * cutoff. One processor inserts them in log order, so rowids grow with the receive time; reading
   * a bounded prefix never scans the table.
   */
  private static int forgetByRowid(Connection c, long beforeMicros, int max) throws SQLException {
    return deleteDuePrefix(c, "processed_messages", "received_at", max, rs -> rs.getLong(2) < beforeMicros);
  }

  /** Whether the row at a result set's cursor is due for deleting. */
  private interface Due {
    boolean test(ResultSet rs) throws SQLException;
  }

  /**
   * SQLite: deletes the rows of {@code table} from the lowest rowid up to the last of the first
   * {@code max} that are all {@code due} (the columns selected after the rowid); reads at most
   * {@code max} rows, so it never scans the table.
   */
  private static int deleteDuePrefix(Connection c, String table, String columns, int max, Due due) throws SQLException {
    long last = -1;
    try (PreparedStatement st = c.prepareStatement("SELECT rowid, " + columns + " FROM " + table + " ORDER BY rowid LIMIT ?")) {
      st.setInt(1, max);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next() && due.test(rs)) {
          last = rs.getLong(1);
        }
      }
    }
    if (last < 0) {
      return 0;
    }
    try (PreparedStatement st = c.prepareStatement("DELETE FROM " + table + " WHERE rowid <= ?")) {
      st.setLong(1, last);
      return st.executeUpdate();
    }
  }

  /**
   * PostgreSQL: by the receive-time index, the oldest first. Several instances would all pick the
   * same oldest rows and abort each other's transactions; the one that does not get the lock
   * leaves the work to the one that has it.
   */
  private static int forgetByReceiveTime(Connection c, long beforeMicros, int max) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext('tributary.dedup-window'))");
        ResultSet rs = st.executeQuery()) {
      if (!rs.next() || !rs.getBoolean(1)) {
        return 0;
      }
    }
    try (PreparedStatement st =
        c.prepareStatement(
            "DELETE FROM processed_messages WHERE (source_id, message_id) IN (SELECT source_id, message_id"
                + " FROM processed_messages WHERE received_at < ? ORDER BY received_at LIMIT ?)")) {
      st.setLong(1, beforeMicros);
      st.setInt(2, max);
      return st.executeUpdate();
    }
  }

  @Override
  public int forgetTimelineBefore(int partition, long position, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("Expected max to be at least 1, but was " + max);
    }
    return onWriter("Deleting timeline rows", c -> switch (dialect) {
      case SQLITE -> forgetTimelineByRowid(c, partition, position, max);
      case POSTGRESQL -> forgetTimelineByPosition(c, partition, position, max);
    });
  }

  /**
   * SQLite: the oldest {@code max} rows by rowid, up to the first one not due. The one processor
   * inserts them in log order (a merge moves rows by an update, which keeps their rowids).
   */
  private static int forgetTimelineByRowid(Connection c, int partition, long position, int max) throws SQLException {
    return deleteDuePrefix(
        c, "timeline", "log_partition, log_position", max, rs -> rs.getInt(2) == partition && rs.getLong(3) < position);
  }

  /**
   * PostgreSQL, for completeness: without an index on the position this scans the table. Nothing
   * calls it today: the log's retention exists for the embedded log only.
   */
  private static int forgetTimelineByPosition(Connection c, int partition, long position, int max) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "DELETE FROM timeline WHERE (profile_id, ts, log_partition, log_position) IN (SELECT profile_id, ts,"
                + " log_partition, log_position FROM timeline WHERE log_partition = ? AND log_position < ?"
                + " ORDER BY log_position LIMIT ?)")) {
      st.setInt(1, partition);
      st.setLong(2, position);
      st.setInt(3, max);
      return st.executeUpdate();
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
