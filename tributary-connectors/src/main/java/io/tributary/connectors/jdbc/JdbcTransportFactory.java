package io.tributary.connectors.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.delivery.Transport;
import io.tributary.core.delivery.TransportFactory;
import io.tributary.core.event.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes {@code jdbc} transports. Options:
 *
 * <ul>
 *   <li>{@code url} (required): a JDBC URL, {@code jdbc:postgresql:...} or {@code jdbc:sqlite:...}
 *       (another database whose driver is on the class path, if it accepts {@code INSERT ... ON
 *       CONFLICT});
 *   <li>{@code user}, {@code password}: the credentials, if the database wants them;
 *   <li>{@code table} (required): {@code table} or {@code schema.table}; the table must exist;
 *   <li>{@code key} (required): the column, or list of columns, of the table's primary key or of a
 *       unique constraint;
 *   <li>{@code columns}: an object from column to payload field; by default every top-level field
 *       of the payload goes to the column of its name;
 *   <li>{@code pool-size}: the most connections, 1 to 100, 4 by default;
 *   <li>{@code connect-timeout}: how long a send waits for a connection, 10s by default;
 *   <li>{@code statement-timeout}: how long one statement may run, lock waits included, before it
 *       is cancelled and the send retried later, 30s by default. On PostgreSQL a read from the
 *       server that gets no answer for this long plus {@code connect-timeout} also fails (a
 *       server or network that stopped answering), so a send never hangs.
 * </ul>
 */
public final class JdbcTransportFactory implements TransportFactory {
  /** SQLite waits this long for another connection's write lock before failing with SQLITE_BUSY. */
  private static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(10);

  @Override
  public String type() {
    return "jdbc";
  }

  @Override
  public List<FieldError> validate(Map<String, Object> options, DeliveryMode mode) {
    return JdbcTransportOptions.check(options);
  }

  /**
   * Creates the connection pool without connecting: a database that is down now fails the sends
   * (to be retried), not the creation.
   */
  @Override
  public Transport create(String destination, Map<String, Object> options, DeliveryMode mode) {
    JdbcTransportOptions read = JdbcTransportOptions.of(options);
    return new JdbcTransport(new HikariDataSource(poolConfig(Objects.requireNonNull(destination, "destination"), read)), read);
  }

  static HikariConfig poolConfig(String destination, JdbcTransportOptions options) {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("destination-" + destination);
    pool.setJdbcUrl(options.url());
    pool.setUsername(options.user());
    pool.setPassword(options.password());
    pool.setMaximumPoolSize(options.poolSize());
    pool.setMinimumIdle(0);
    pool.setAutoCommit(false);
    pool.setInitializationFailTimeout(-1);
    long connectMillis = options.connectTimeout().toMillis();
    pool.setConnectionTimeout(connectMillis);
    pool.setValidationTimeout(Math.min(5_000, connectMillis));
    if (options.isPostgres()) {
      // Strings are sent untyped, so that the server casts them to the column's type (a
      // timestamptz, a jsonb, a uuid) as it would a literal.
      pool.addDataSourceProperty("stringtype", "unspecified");
      // Error messages then leave out the rows and keys that details repeat.
      pool.addDataSourceProperty("logServerErrorDetail", "false");
      pool.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, (connectMillis + 999) / 1000)));
      pool.addDataSourceProperty("tcpKeepAlive", "true");
      // The statement timeout is sent to the server as a cancel request; a server or network that
      // no longer answers at all is caught by the socket timeout, else a read could wait hours.
      long socketSeconds = options.statementTimeout().toSeconds() + Math.max(1, (connectMillis + 999) / 1000);
      pool.addDataSourceProperty("socketTimeout", Long.toString(socketSeconds));
      pool.addDataSourceProperty("ApplicationName", "tributary-" + destination);
    } else if (options.isSqlite()) {
      pool.addDataSourceProperty("busy_timeout", Long.toString(SQLITE_BUSY_TIMEOUT.toMillis()));
    }
    return pool;
  }
}
