package io.tributary.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tributary.core.state.StateStoreException;
import io.tributary.jdbc.Dialect;
import io.tributary.jdbc.JdbcStateStore;
import java.util.Objects;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The state store on PostgreSQL, which several hub instances share: each has its own writer
 * connection, used by its processor, and a read pool for the profile API.
 *
 * <p>Safe for several writers (see {@link JdbcStateStore}): the schema is migrated under an
 * advisory lock, so instances may start at the same moment; writer transactions run at
 * SERIALIZABLE isolation, and one that lost a race with another instance's ends in {@link
 * StateStoreException.Conflict}, to be retried. The writer keeps no cache, since another instance
 * may change any row. Readers run at REPEATABLE READ, so a profile and its links are read from one
 * snapshot. After PostgreSQL restarts, the next transactions fail with {@link StateStoreException}
 * until it is back, then work again without the store being reopened.
 *
 * <p>The driver is told to leave server error details out of exception messages: they quote the
 * offending row, which holds personal data, and exceptions get logged.
 */
public final class PostgresStateStore {
  private PostgresStateStore() {}

  /**
   * Opens the state store, creating or migrating its tables if needed.
   *
   * @throws StateStoreException if the database cannot be reached or migrated
   */
  public static JdbcStateStore open(PostgresOptions options) {
    Objects.requireNonNull(options, "options");
    PGSimpleDataSource database = new PGSimpleDataSource();
    database.setURL(options.jdbcUrl());
    database.setUser(options.user());
    database.setPassword(options.password());
    database.setConnectTimeout((int) options.connectTimeout().toSeconds());
    database.setApplicationName("tributary");
    database.setTcpKeepAlive(true);
    database.setLogServerErrorDetail(false);

    HikariConfig pool = new HikariConfig();
    pool.setDataSource(database);
    pool.setPoolName("state-readers");
    pool.setMaximumPoolSize(options.readConnections());
    pool.setMinimumIdle(1);
    pool.setReadOnly(true);
    pool.setAutoCommit(true);
    pool.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
    pool.setConnectionTimeout(options.connectTimeout().toMillis());
    HikariDataSource readers;
    try {
      readers = new HikariDataSource(pool);
    } catch (RuntimeException e) {
      throw new StateStoreException("Could not connect to the state store database " + options.redactedUrl(), e);
    }
    // Other instances write the same state: a writer cache would go stale.
    // The timeline keeps the payloads: reading single records back from Kafka is slow.
    return JdbcStateStore.open(Dialect.POSTGRESQL, database::getConnection, readers, readers, 0, false);
  }
}
