package io.tributary.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.state.StateStoreException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which SQL failures are lost races, bad event data or an unavailable database. */
class StoreFailuresTest {

  @Test
  void shouldTellASerializationFailureOrDeadlockOnPostgresqlAsAConflict() {
    for (String state : new String[] {"40001", "40P01"}) {
      RuntimeException failure = StoreFailures.of(Dialect.POSTGRESQL, "A statement", new SQLException("lost", state));
      assertThat(failure).isInstanceOf(StateStoreException.Conflict.class).hasMessageContaining(state);
    }
  }

  @Test
  void shouldFindAConflictChainedToABatchFailure() {
    // given: how the PostgreSQL driver reports a failed batch entry
    var batch = new BatchUpdateException("Batch entry 0 was aborted", null, 0, new int[0]);
    batch.setNextException(new SQLException("could not serialize access", "40001"));
    // when
    RuntimeException failure = StoreFailures.of(Dialect.POSTGRESQL, "A statement", batch);
    // then
    assertThat(failure).isInstanceOf(StateStoreException.Conflict.class);
  }

  @Test
  void shouldTellAValueTheDatabaseCannotHoldAsAFailureOfTheEventNotOfTheStore() {
    RuntimeException failure =
        StoreFailures.of(Dialect.POSTGRESQL, "A statement", new SQLException("invalid byte sequence", "22021"));
    assertThat(failure).isInstanceOf(IllegalArgumentException.class).isNotInstanceOf(StateStoreException.class);
  }

  @Test
  void shouldTellEverythingElseAsTheStoreBeingUnavailable() {
    RuntimeException lostConnection =
        StoreFailures.of(Dialect.POSTGRESQL, "A statement", new SQLException("I/O error", "08006"));
    RuntimeException noState = StoreFailures.of(Dialect.SQLITE, "A statement", new SQLException("disk I/O error"));
    assertThat(lostConnection).isExactlyInstanceOf(StateStoreException.class);
    assertThat(noState).isExactlyInstanceOf(StateStoreException.class);
  }

  @Test
  void shouldNotTakeSqliteFailuresForConflicts() {
    // SQLite has one writer; it never reports these states, and if it did they would not be races.
    RuntimeException failure = StoreFailures.of(Dialect.SQLITE, "A statement", new SQLException("x", "40001"));
    assertThat(failure).isExactlyInstanceOf(StateStoreException.class);
  }
}
