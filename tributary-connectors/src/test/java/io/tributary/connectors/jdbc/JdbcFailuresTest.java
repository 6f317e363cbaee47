package io.tributary.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.delivery.SendResult;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class JdbcFailuresTest {

  private static boolean retryable(SQLException e) {
    return ((SendResult.Failed) JdbcFailures.of(e)).retryable();
  }

  @ParameterizedTest
  @CsvSource({
    "08006, true", "08001, true", "40001, true", "40P01, true", "57P01, true", "53300, true", "XX000, true",
    "23505, false", "23502, false", "42P01, false", "42703, false", "42P10, false", "42804, false", "22001, false"
  })
  void shouldClassifyPostgresStates(String state, boolean retryable) {
    assertThat(retryable(new SQLException("ERROR: something", state))).isEqualTo(retryable);
  }

  @Test
  void shouldClassifyTheStateOfTheBatchEntryThatFailed() {
    // given: the driver's batch failure, whose next exception says what went wrong
    var batch = new BatchUpdateException("Batch entry 0 <unknown> was aborted", "23505", 0, new int[0]);
    batch.setNextException(new SQLException("ERROR: duplicate key value violates unique constraint \"t_pkey\"", "23505"));
    // then
    assertThat(JdbcFailures.of(batch)).isEqualTo(
        SendResult.reject("jdbc: SQLState 23505: ERROR: duplicate key value violates unique constraint \"t_pkey\""));
  }

  @Test
  void shouldRetryWhenThePoolHadNoConnectionToGive() {
    // given
    var refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
    var timeout = new SQLTransientConnectionException("destination-crm - Connection is not available", null, refused);
    // then
    assertThat(JdbcFailures.of(timeout)).isEqualTo(SendResult.retry("jdbc: SQLState 08001: Connection to 127.0.0.1:5432 refused"));
  }

  @Test
  void shouldLeaveOutTheMessageOfADataException() {
    // given: PostgreSQL quotes the value it could not read
    var badValue = new SQLException("ERROR: invalid input syntax for type bigint: \"ada@example.com\"", "22P02");
    // then
    assertThat(JdbcFailures.of(badValue)).isInstanceOfSatisfying(SendResult.Failed.class, f -> {
      assertThat(f.retryable()).isFalse();
      assertThat(f.response()).startsWith("jdbc: SQLState 22P02: ").doesNotContain("ada@example.com");
    });
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "SQLITE_CONSTRAINT_UNIQUE | UNIQUE constraint failed: customers.email | false",
    "SQLITE_CONSTRAINT_NOTNULL | NOT NULL constraint failed: customers.email | false",
    "SQLITE_ERROR | no such table: customers | false",
    "SQLITE_ERROR | table customers has no column named emial | false",
    "SQLITE_ERROR | ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint | false",
    "SQLITE_BUSY | database is locked | true",
    "SQLITE_CANTOPEN | unable to open database file | true",
    "SQLITE_IOERR | disk I/O error | true",
  })
  void shouldClassifySqliteFailures(SQLiteErrorCode code, String message, boolean retryable) {
    assertThat(retryable(new SQLiteException(message, code))).isEqualTo(retryable);
  }
}
