package io.tributary.connectors.jdbc;

import static io.tributary.connectors.TransportDriver.awaitDelivered;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.delivery.SendResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC transport on SQLite files. */
class JdbcTransportSqliteTest extends JdbcTransportContract {
  private static final AtomicInteger FILES = new AtomicInteger();

  @TempDir Path dir;

  @Override
  String newDatabase() {
    return "jdbc:sqlite:" + dir.resolve("destination-" + FILES.incrementAndGet() + ".db");
  }

  @Override
  String user() {
    return null;
  }

  @Test
  void shouldFailRetryablyWhileTheFileCannotBeOpenedAndDeliverOnceItCan() throws IOException {
    // given: a database in a directory that does not exist (yet)
    Path missing = dir.resolve("not-mounted");
    url = "jdbc:sqlite:" + missing.resolve("crm.db");
    try (var transport = transport(Map.of("connect-timeout", "1s"))) {
      // when
      long start = System.nanoTime();
      SendResult whileMissing = transport.send(List.of(message(1, "{\"id\":\"a\"}")));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // then
      assertFailed(whileMissing, true, response -> assertThat(response).startsWith("jdbc: "));
      assertThat(took).isLessThan(Duration.ofSeconds(10));

      // and when the directory and the table are there, the same message is sent again
      Files.createDirectories(missing);
      execute(CUSTOMERS);
      awaitDelivered(() -> transport.send(List.of(message(1, "{\"id\":\"a\"}"))));
      assertThat(query("SELECT id FROM customers")).containsExactly("a");
    }
  }
}
