package io.tributary.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the state store on PostgreSQL.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/database}, with driver parameters if needed
 *     (e.g. {@code ?sslmode=verify-full})
 * @param user the role to log in as; it needs to create tables in the database on first start
 * @param password the role's password; null for none (trust authentication, a password file)
 * @param readConnections connections of the read pool the profile API uses, 1 to 100; the writer
 *     has one more of its own
 * @param connectTimeout how long opening a connection may take, 1 second to 10 minutes (whole
 *     seconds)
 */
public record PostgresOptions(
    String jdbcUrl, String user, String password, int readConnections, Duration connectTimeout) {
  public static final int DEFAULT_READ_CONNECTIONS = 4;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  public PostgresOptions {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "Expected a jdbcUrl starting with jdbc:postgresql:, but was '" + withoutParameters(jdbcUrl) + "'");
    }
    if (readConnections < 1 || readConnections > 100) {
      throw new IllegalArgumentException("Expected readConnections from 1 to 100, but was " + readConnections);
    }
    if (connectTimeout.compareTo(Duration.ofSeconds(1)) < 0 || connectTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("Expected connectTimeout from 1 s to 10 min, but was " + connectTimeout);
    }
  }

  /** The defaults: {@value #DEFAULT_READ_CONNECTIONS} read connections, a 10-second connect timeout. */
  public static PostgresOptions of(String jdbcUrl, String user, String password) {
    return new PostgresOptions(jdbcUrl, user, password, DEFAULT_READ_CONNECTIONS, DEFAULT_CONNECT_TIMEOUT);
  }

  /** The URL without its parameters, which may hold credentials: fit for messages and logs. */
  public String redactedUrl() {
    return withoutParameters(jdbcUrl);
  }

  private static String withoutParameters(String url) {
    int parameters = url.indexOf('?');
    return parameters < 0 ? url : url.substring(0, parameters);
  }

  /** Without the password, nor URL parameters. */
  @Override
  public String toString() {
    return "PostgresOptions[jdbcUrl=" + redactedUrl() + ", user=" + user + ", password="
        + (password == null ? "none" : "***") + ", readConnections=" + readConnections
        + ", connectTimeout=" + connectTimeout + "]";
  }
}
