package io.tributary.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.identity.EventRef;
import io.tributary.core.identity.Identifier;
import io.tributary.core.identity.IdentityLink;
import io.tributary.core.profile.Profile;
import io.tributary.core.state.StateStore;
import io.tributary.core.state.StateStoreException;
import io.tributary.core.testing.StateStoreContract;
import io.tributary.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The state store contract on a real PostgreSQL server, in a fresh database for each test, and what
 * PostgreSQL adds: several instances on one database.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresStateStoreTest extends StateStoreContract {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final int INSTANCES = 4;

  private PostgresOptions options;

  @Override
  protected StateStore openStore() {
    options = TestDatabases.fresh("contract");
    return PostgresStateStore.open(options);
  }

  @Override
  protected StateStore reopen(StateStore store) {
    store.close();
    return PostgresStateStore.open(options);
  }

  private static EventRef ref(long position) {
    return new EventRef("web", "m-" + position, 0, position, T0.plusSeconds(position));
  }

  @Test
  void shouldMigrateOnceWhenSeveralInstancesStartOnOneDatabaseAtTheSameMoment() throws Exception {
    // given: an empty database
    PostgresOptions empty = TestDatabases.fresh("migrate");
    CyclicBarrier start = new CyclicBarrier(INSTANCES);
    ExecutorService threads = Executors.newFixedThreadPool(INSTANCES);
    List<Future<StateStore>> opened = new ArrayList<>();
    // when
    try {
      for (int i = 0; i < INSTANCES; i++) {
        opened.add(threads.submit(() -> {
          start.await();
          return PostgresStateStore.open(empty);
        }));
      }
      for (Future<StateStore> instance : opened) {
        instance.get(1, TimeUnit.MINUTES).close();
      }
    } finally {
      threads.shutdownNow();
    }
    // then: every version was applied once
    List<Integer> versions = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(empty.jdbcUrl(), PostgresServer.USER, "");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version FROM state_schema ORDER BY version")) {
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
    }
    assertThat(versions).isNotEmpty().doesNotHaveDuplicates().startsWith(1).endsWith(versions.size());
  }

  @Test
  void shouldEndATransactionThatLostARaceWithAnotherInstanceInAConflict() {
    // given: a second instance on the same database, and two profiles
    var email = new Identifier("email", "ada@example.com");
    store.inTransaction(tx -> {
      tx.saveProfile(new Profile("p1", T0));
      tx.saveProfile(new Profile("p2", T0));
      return null;
    });
    try (StateStore other = PostgresStateStore.open(options)) {
      // when: both find the identifier unlinked, the other instance links it first
      assertThatThrownBy(() -> store.inTransaction(tx -> {
            assertThat(tx.profileOf(email)).isEmpty();
            other.inTransaction(otherTx -> {
              otherTx.link(new IdentityLink(email, "p2", ref(2)));
              return null;
            });
            tx.link(new IdentityLink(email, "p1", ref(1)));
            return null;
          }))
          // then
          .isInstanceOf(StateStoreException.Conflict.class);
      String owner = store.inTransaction(tx -> tx.profileOf(email).orElseThrow());
      assertThat(owner).isEqualTo("p2");
    }
  }

  @Test
  void shouldFailTheEventNotTheStoreWhenPostgresqlCannotHoldOneOfItsValues() {
    // given: PostgreSQL text cannot hold a NUL character
    var odd = new Identifier("user_id", "u\u0000-1");
    // when
    assertThatThrownBy(() -> store.inTransaction(tx -> {
          tx.saveProfile(new Profile("p1", T0));
          tx.link(new IdentityLink(odd, "p1", ref(1)));
          return null;
        }))
        // then: not a StateStoreException, which the processor would retry for ever
        .isInstanceOf(IllegalArgumentException.class)
        .isNotInstanceOf(StateStoreException.class);
    long next = store.inTransaction(tx -> {
      tx.setNextPosition(0, 2);
      return tx.nextPosition(0);
    });
    assertThat(next).isEqualTo(2);
  }

  @Test
  void shouldLeaveForgettingToTheInstanceThatIsAtIt() throws Exception {
    // given: a message id received long ago, and another instance in the middle of forgetting
    store.inTransaction(tx -> tx.markProcessed("web", "m-old", T0));
    try (Connection other = DriverManager.getConnection(options.jdbcUrl(), PostgresServer.USER, "")) {
      other.setAutoCommit(false);
      try (Statement st = other.createStatement();
          ResultSet rs = st.executeQuery("SELECT pg_try_advisory_xact_lock(hashtext('tributary.dedup-window'))")) {
        assertThat(rs.next() && rs.getBoolean(1)).isTrue();
      }
      // when / then: this instance forgets nothing meanwhile
      assertThat(store.forgetProcessedBefore(T0.plusSeconds(60), 100)).isZero();
      other.rollback();
    }
    // and once the other is done, it does
    assertThat(store.forgetProcessedBefore(T0.plusSeconds(60), 100)).isEqualTo(1);
  }
}
