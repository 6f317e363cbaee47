package io.tributary.postgres;

import io.tributary.testkit.PostgresServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh, empty databases for tests, on the JVM's shared PostgreSQL server or a given one. */
final class TestDatabases {
  private static final AtomicInteger CREATED = new AtomicInteger();

  private TestDatabases() {}

  /** A new database on the shared server, named {@code <prefix>_<n>}. */
  static PostgresOptions fresh(String prefix) {
    return fresh(PostgresServer.shared(), prefix);
  }

  static PostgresOptions fresh(PostgresServer server, String prefix) {
    String url = server.createDatabase(prefix + "_" + CREATED.incrementAndGet());
    return new PostgresOptions(url, PostgresServer.USER, null, 2, Duration.ofSeconds(5));
  }
}
