package io.tributary.connectors.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.SendResult;
import io.tributary.core.delivery.Transport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Upserts each message as one row of a table, a list of messages in one transaction, through a
 * connection pool that all threads share.
 */
final class JdbcTransport implements Transport {
  private static final int MAX_BATCH = 100;

  private final HikariDataSource pool;
  private final String table;
  private final List<String> key;
  private final RowMapping mapping;
  private final int statementTimeoutSeconds;

  JdbcTransport(HikariDataSource pool, JdbcTransportOptions options) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.table = options.table();
    this.key = options.key();
    this.mapping = new RowMapping(options.key(), options.columns());
    this.statementTimeoutSeconds = Math.toIntExact(options.statementTimeout().toSeconds());
  }

  /**
   * Maps every payload to its row first, then writes the rows in order in one transaction: all of
   * them, or none.
   */
  @Override
  public SendResult send(List<OutboundMessage> messages) {
    List<Row> rows = new ArrayList<>(messages.size());
    for (OutboundMessage m : messages) {
      try {
        rows.add(mapping.rowOf(m));
      } catch (RowMapping.InvalidPayload e) {
        return SendResult.reject("jdbc: " + e.getMessage());
      }
    }
    try (Connection c = pool.getConnection()) {
      try {
        write(c, rows);
        c.commit();
        return SendResult.DELIVERED;
      } catch (SQLException | RuntimeException e) {
        rollback(c, e);
        throw e;
      }
    } catch (SQLException e) {
      return JdbcFailures.of(e);
    } catch (RuntimeException e) {
      return SendResult.retry("jdbc: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  @Override
  public int maxBatch() {
    return MAX_BATCH;
  }

  @Override
  public void close() {
    pool.close();
  }

  /** Consecutive rows with the same columns share one statement, executed as a JDBC batch. */
  private void write(Connection c, List<Row> rows) throws SQLException {
    int start = 0;
    while (start < rows.size()) {
      Row first = rows.get(start);
      int end = start + 1;
      while (end < rows.size() && rows.get(end).sameColumns(first)) {
        end++;
      }
      try (PreparedStatement st = c.prepareStatement(UpsertStatement.sql(table, key, first.columns()))) {
        st.setQueryTimeout(statementTimeoutSeconds);
        for (Row row : rows.subList(start, end)) {
          row.bind(st);
          st.addBatch();
        }
        st.executeBatch();
      }
      start = end;
    }
  }

  private static void rollback(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // The connection is likely broken, which ends the transaction as well; the pool drops it.
      failure.addSuppressed(e);
    }
  }
}
