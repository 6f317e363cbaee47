package io.tributary.connectors.jdbc;

import static io.tributary.connectors.TransportDriver.awaitDelivered;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.delivery.SendResult;
import io.tributary.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The JDBC transport on a real PostgreSQL server. */
class JdbcTransportPostgresIT extends JdbcTransportContract {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @Override
  String newDatabase() {
    return PostgresServer.shared().createDatabase("destination_" + DATABASES.incrementAndGet());
  }

  @Override
  String user() {
    return PostgresServer.USER;
  }

  @Test
  void shouldLetTheServerCastTextToTheColumnsType() {
    // given
    execute("CREATE TABLE visits (id UUID PRIMARY KEY, seen_at TIMESTAMPTZ NOT NULL, traits JSONB, amount NUMERIC(10, 2))");
    try (var transport = transport(Map.of("table", "public.visits"))) {
      // when
      SendResult result = transport.send(List.of(message(1,
          "{\"id\":\"7f1c6f0e-4f4e-4a8c-9a43-1c1f0b7c2d10\",\"seen_at\":\"2025-03-01T12:00:00Z\","
              + "\"traits\":{\"plan\":\"pro\"},\"amount\":19.99}")));
      // then
      assertThat(result).isEqualTo(SendResult.DELIVERED);
      assertThat(query("SELECT seen_at = '2025-03-01T12:00:00Z'::timestamptz, traits->>'plan', amount FROM visits"))
          .containsExactly("t|pro|19.99");
    }
  }

  @Test
  void shouldRejectForGoodAValueTheColumnCannotHoldWithoutQuotingIt() {
    try (var transport = transport(Map.of())) {
      // when
      SendResult result = transport.send(List.of(message(1, "{\"id\":\"a\",\"visits\":\"ada@example.com\"}")));
      // then
      assertFailed(result, false, response ->
          assertThat(response).startsWith("jdbc: SQLState 22P02: ").doesNotContain("ada@example.com"));
    }
  }

  @Test
  void shouldCancelAStatementThatWaitsTooLongAndDeliverOnceTheTableIsFree() throws Exception {
    // given: another session holds the table locked
    try (var transport = transport(Map.of("statement-timeout", "1s"));
        Connection locker = connect()) {
      locker.setAutoCommit(false);
      try (Statement st = locker.createStatement()) {
        st.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE");
      }
      // when
      long start = System.nanoTime();
      SendResult whileLocked = transport.send(List.of(message(1, "{\"id\":\"a\"}")));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // then: cancelled by the server after the timeout, to be retried; not a hung worker
      assertFailed(whileLocked, true, response -> assertThat(response).startsWith("jdbc: SQLState 57014: "));
      assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));

      // and when the lock is gone, the same message goes through
      locker.rollback();
      assertThat(transport.send(List.of(message(1, "{\"id\":\"a\"}")))).isEqualTo(SendResult.DELIVERED);
      assertThat(query("SELECT id FROM customers")).containsExactly("a");
    }
  }

  @Test
  void shouldFailRetryablyWhenTheServerStopsAnsweringAndDeliverOnceItAnswersAgain() {
    // given: a server of this test's own, and a transport that has written to it
    try (PostgresServer server = PostgresServer.start()) {
      url = server.createDatabase("hung");
      execute(CUSTOMERS);
      try (var transport = transport(Map.of("statement-timeout", "1s"))) {
        assertThat(transport.send(List.of(message(1, "{\"id\":\"a\"}")))).isEqualTo(SendResult.DELIVERED);
        // when: the server stops answering, with every connection left open
        server.freeze();
        SendResult whileHung;
        long start = System.nanoTime();
        try {
          whileHung = transport.send(List.of(message(2, "{\"id\":\"b\"}")));
        } finally {
          server.thaw();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // then: the socket timeout (statement timeout + connect timeout) ends the send
        assertFailed(whileHung, true, response -> assertThat(response).startsWith("jdbc: SQLState 08"));
        assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(20));

        // and once it answers again, the same message is sent
        awaitDelivered(() -> transport.send(List.of(message(2, "{\"id\":\"b\"}"))));
        assertThat(query("SELECT id FROM customers ORDER BY id")).containsExactly("a", "b");
      }
    }
  }

  @Test
  void shouldFailRetryablyWhileTheServerIsDownAndDeliverOnceItIsBack() {
    // given: a server of this test's own, and a transport that has written to it
    try (PostgresServer server = PostgresServer.start()) {
      url = server.createDatabase("outage");
      execute(CUSTOMERS);
      try (var transport = transport(Map.of())) {
        assertThat(transport.send(List.of(message(1, "{\"id\":\"a\"}")))).isEqualTo(SendResult.DELIVERED);
        // when: sent twice, over the pooled connection the stop broke, then over a new one refused
        server.stop();
        for (int attempt = 1; attempt <= 2; attempt++) {
          long start = System.nanoTime();
          SendResult whileDown = transport.send(List.of(message(2, "{\"id\":\"b\"}")));
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          // then
          assertFailed(whileDown, true, response -> assertThat(response).startsWith("jdbc: SQLState 08"));
          assertThat(took).as("attempt %d", attempt).isLessThan(Duration.ofSeconds(10));
        }

        // and when the server is back, the same message is sent again
        server.restart();
        awaitDelivered(() -> transport.send(List.of(message(2, "{\"id\":\"b\"}"))));
        assertThat(query("SELECT id FROM customers ORDER BY id")).containsExactly("a", "b");
      }
    }
  }
}
