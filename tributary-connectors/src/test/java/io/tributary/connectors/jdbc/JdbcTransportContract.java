package io.tributary.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.connectors.TransportDriver;
import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.SendResult;
import io.tributary.core.delivery.Transport;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the JDBC transport does on any database it supports; each subclass runs it against a real
 * one, starting each test with an empty database of its own.
 */
@Timeout(120)
abstract class JdbcTransportContract {
  static final String CUSTOMERS =
      "CREATE TABLE customers (id TEXT PRIMARY KEY, email TEXT, visits BIGINT, score DOUBLE PRECISION, vip BOOLEAN,"
          + " traits TEXT, note TEXT)";
  private static final Instant INGESTED = Instant.parse("2025-03-01T12:00:00Z");

  /** The JDBC URL of a new, empty database. */
  abstract String newDatabase();

  /** The user to log in as, null for none. */
  abstract String user();

  String url;

  @BeforeEach
  void startWithAnEmptyDatabase() {
    url = newDatabase();
    execute(CUSTOMERS);
  }

  @Test
  void shouldInsertOneRowPerMessage() {
    try (var transport = transport(Map.of())) {
      // when
      SendResult result = transport.send(List.of(
          message(1, "{\"id\":\"a\",\"email\":\"ada@example.com\"}"),
          message(2, "{\"id\":\"b\",\"email\":\"bob@example.com\"}")));
      // then
      assertThat(result).isEqualTo(SendResult.DELIVERED);
      assertThat(query("SELECT id, email FROM customers ORDER BY id")).containsExactly("a|ada@example.com", "b|bob@example.com");
    }
  }

  @Test
  void shouldUpdateTheRowOfAKeyInsteadOfAddingOne() {
    try (var transport = transport(Map.of())) {
      // given
      assertThat(transport.send(List.of(message(1, "{\"id\":\"a\",\"email\":\"old@example.com\",\"visits\":1}"))))
          .isEqualTo(SendResult.DELIVERED);
      // when: the same send again, then a later event of the key, twice in one send
      assertThat(transport.send(List.of(message(1, "{\"id\":\"a\",\"email\":\"old@example.com\",\"visits\":1}"))))
          .isEqualTo(SendResult.DELIVERED);
      SendResult result = transport.send(List.of(
          message(2, "{\"id\":\"a\",\"email\":\"new@example.com\",\"visits\":2}"),
          message(3, "{\"id\":\"a\",\"email\":\"newest@example.com\",\"visits\":3}")));
      // then
      assertThat(result).isEqualTo(SendResult.DELIVERED);
      assertThat(query("SELECT id, email, visits FROM customers")).containsExactly("a|newest@example.com|3");
    }
  }

  @Test
  void shouldBindEachJsonTypeAsItsSqlType() throws SQLException {
    try (var transport = transport(Map.of())) {
      // when
      SendResult result = transport.send(List.of(message(1,
          "{\"id\":\"a\",\"visits\":9007199254740993,\"score\":0.25,\"vip\":true,\"traits\":{\"plan\":\"pro\",\"seats\":[1,2]},"
              + "\"note\":null,\"email\":\"ada@example.com\"}")));
      // then
      assertThat(result).isEqualTo(SendResult.DELIVERED);
      try (Connection c = connect();
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT visits, score, vip, traits, note, email FROM customers")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong("visits")).isEqualTo(9007199254740993L);
        assertThat(rs.getDouble("score")).isEqualTo(0.25);
        assertThat(rs.getBoolean("vip")).isTrue();
        assertThat(rs.getString("traits")).isEqualTo("{\"plan\":\"pro\",\"seats\":[1,2]}");
        assertThat(rs.getString("note")).isNull();
        assertThat(rs.getString("email")).isEqualTo("ada@example.com");
      }
    }
  }

  @Test
  void shouldWriteTheMappedFieldsOnlyUnderTheirColumnNames() {
    // given
    Map<String, Object> mapped = Map.of("key", List.of("id"), "columns", Map.of("id", "userId", "email", "mail"));
    try (var transport = transport(mapped)) {
      // when
      SendResult result = transport.send(List.of(message(1, "{\"userId\":\"a\",\"mail\":\"ada@example.com\",\"visits\":7}")));
      // then: visits is not mapped
      assertThat(result).isEqualTo(SendResult.DELIVERED);
      assertThat(query("SELECT id, email, visits FROM customers")).containsExactly("a|ada@example.com|null");
    }
  }

  @Test
  void shouldKeepTheColumnsOfTheFieldsAPayloadLacks() {
    try (var transport = transport(Map.of())) {
      // given
      transport.send(List.of(message(1, "{\"id\":\"a\",\"email\":\"ada@example.com\",\"visits\":1}")));
      // when
      SendResult result = transport.send(List.of(message(2, "{\"id\":\"a\",\"visits\":2,\"note\":null}")));
      // then
      assertThat(result).isEqualTo(SendResult.DELIVERED);
      assertThat(query("SELECT email, visits, note FROM customers")).containsExactly("ada@example.com|2|null");
    }
  }

  @Test
  void shouldRejectForGoodAPayloadThatIsNotAnObjectWritingNoneOfTheSend() {
    try (var transport = transport(Map.of())) {
      // when
      SendResult result = transport.send(List.of(message(1, "{\"id\":\"a\"}"), message(2, "[\"ada@example.com\"]")));
      // then
      assertFailed(result, false, response ->
          assertThat(response).contains("message 2", "JSON object", "array").doesNotContain("ada@example.com"));
      assertThat(query("SELECT id FROM customers")).isEmpty();
    }
  }

  @Test
  void shouldRejectForGoodAPayloadWithoutAKeyValueNamingTheField() {
    // given
    try (var transport = transport(Map.of("columns", Map.of("id", "userId", "email", "email")))) {
      // when
      SendResult result = transport.send(List.of(message(5, "{\"userId\":null,\"email\":\"ada@example.com\"}")));
      // then
      assertFailed(result, false, response ->
          assertThat(response).contains("message 5", "'id'", "'userId'").doesNotContain("ada@example.com"));
    }
  }

  @Test
  void shouldRejectForGoodAFieldWithoutAColumn() {
    try (var transport = transport(Map.of())) {
      // when
      SendResult result = transport.send(List.of(message(1, "{\"id\":\"a\",\"emial\":\"ada@example.com\"}")));
      // then
      assertFailed(result, false, response -> assertThat(response).contains("emial").doesNotContain("ada@example.com"));
    }
  }

  @Test
  void shouldRejectForGoodATableThatDoesNotExist() {
    try (var transport = transport(Map.of("table", "prospects"))) {
      // when
      SendResult result = transport.send(List.of(message(1, "{\"id\":\"a\"}")));
      // then
      assertFailed(result, false, response -> assertThat(response).contains("prospects"));
    }
  }

  @Test
  void shouldRollBackTheWholeSendOnAConstraintViolationWithoutQuotingTheValue() {
    // given
    execute("CREATE TABLE accounts (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE)");
    try (var transport = transport(Map.of("table", "accounts"))) {
      // when: the third row takes the second one's address
      SendResult result = transport.send(List.of(
          message(1, "{\"id\":\"a\",\"email\":\"ada@example.com\"}"),
          message(2, "{\"id\":\"b\",\"email\":\"taken@example.com\"}"),
          message(3, "{\"id\":\"c\",\"email\":\"taken@example.com\"}")));
      // then
      assertFailed(result, false, response ->
          assertThat(response).containsIgnoringCase("unique").doesNotContain("taken@example.com"));
      assertThat(query("SELECT id FROM accounts")).isEmpty();
    }
  }

  @Test
  void shouldWriteFromSeveralThreadsAtOnce() throws Exception {
    try (var transport = transport(Map.of("pool-size", 3))) {
      // when: 8 lanes, each 25 sends of 4 rows of its own
      TransportDriver.sendFromLanes(transport, 8, 25, (lane, send) -> {
        List<OutboundMessage> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          int id = lane * 1_000 + send * 4 + i;
          batch.add(message(id, "{\"id\":\"" + id + "\",\"visits\":" + send + "}"));
        }
        return batch;
      });
      // then
      assertThat(query("SELECT COUNT(*) FROM customers")).containsExactly("800");
    }
  }

  // Helpers for the subclasses' own tests.

  Transport transport(Map<String, Object> overrides) {
    Map<String, Object> options = new HashMap<>();
    options.put("url", url);
    if (user() != null) {
      options.put("user", user());
    }
    options.put("table", "customers");
    options.put("key", "id");
    options.put("connect-timeout", "2s");
    options.putAll(overrides);
    var factory = new JdbcTransportFactory();
    assertThat(factory.validate(options, new DeliveryMode.Realtime())).isEmpty();
    return factory.create("crm", options, new DeliveryMode.Realtime());
  }

  static OutboundMessage message(long id, String payload) {
    return new OutboundMessage(
        id, "crm", 0, "profile-" + id, "crm:" + id, payload.getBytes(StandardCharsets.UTF_8), INGESTED, 0, null, null);
  }

  static void assertFailed(SendResult result, boolean retryable, Consumer<String> response) {
    assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class, f -> {
      assertThat(f.retryable()).as("retryable, with the response: %s", f.response()).isEqualTo(retryable);
      response.accept(f.response());
    });
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user(), null);
  }

  void execute(String sql) {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not run: " + sql, e);
    }
  }

  /** Each row as its columns' text joined by {@code |}. */
  List<String> query(String sql) {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(String.valueOf(rs.getString(i)));
        }
        rows.add(String.join("|", values));
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not run: " + sql, e);
    }
  }
}
