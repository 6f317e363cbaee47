package io.tributary.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connection delivery bookkeeping writes through on PostgreSQL: its own, at READ COMMITTED,
 * so that settling deliveries never makes the processor's serializable transactions fail and
 * retry. Reconnects after the connection broke. One transaction at a time.
 */
final class DeliveryConnection implements SqlWork.Runner, AutoCloseable {
  private final Dialect dialect;
  private final JdbcStateStore.WriterConnector connector;
  private Connection connection;
  private boolean closed;

  DeliveryConnection(Dialect dialect, JdbcStateStore.WriterConnector connector) {
    this.dialect = dialect;
    this.connector = connector;
  }

  @Override
  public synchronized <T> T inTransaction(String what, SqlWork<T> work) {
    if (closed) {
      throw new IllegalStateException("Expected an open state store, but it was closed");
    }
    try {
      if (connection == null) {
        Connection c = connector.connect();
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        c.setAutoCommit(false);
        connection = c;
      }
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException e) {
      RuntimeException failure = StoreFailures.of(dialect, what, e);
      dropAfterFailure(failure);
      throw failure;
    } catch (RuntimeException e) {
      dropAfterFailure(e);
      throw e;
    }
  }

  private void dropAfterFailure(RuntimeException failure) {
    if (connection == null) {
      return;
    }
    try {
      connection.rollback();
      if (connection.isValid(5)) {
        return;
      }
    } catch (SQLException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
    close0();
  }

  private void close0() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // broken anyway
    }
    connection = null;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (connection != null) {
      close0();
    }
  }
}
