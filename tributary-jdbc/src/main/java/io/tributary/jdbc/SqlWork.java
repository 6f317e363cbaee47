package io.tributary.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on a connection inside a transaction the caller commits. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection c) throws SQLException;

  /** Runs work in transactions of its own and commits them. */
  interface Runner {
    /** @throws io.tributary.core.state.StateStoreException when the database failed */
    <T> T inTransaction(String what, SqlWork<T> work);
  }
}
