package io.tributary.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.delivery.Lanes;
import io.tributary.core.delivery.Outbox;
import io.tributary.core.state.StateStore;
import io.tributary.core.testing.OutboxContract;
import io.tributary.jdbc.Dialect;
import io.tributary.jdbc.JdbcStateStore;
import io.tributary.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The outbox contract on a real PostgreSQL server, in a fresh database for each test, and what
 * PostgreSQL adds: instances that lease lanes at the same moment.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresOutboxTest extends OutboxContract {
  private static final int ROUNDS = 200;
  private static final Duration GATE_TIMEOUT = Duration.ofSeconds(10);

  private PostgresOptions options;

  @Override
  protected StateStore openStore() {
    options = TestDatabases.fresh("outbox");
    return PostgresStateStore.open(options);
  }

  @Override
  protected Outbox outboxOf(StateStore store) {
    return ((JdbcStateStore) store).outbox();
  }

  @Test
  void shouldAppendToTheOutboxOneTransactionAtATimeSoThatIdsBecomeVisibleInOrder() throws Exception {
    try (Connection holder = DriverManager.getConnection(options.jdbcUrl(), PostgresServer.USER, "");
        Statement st = holder.createStatement()) {
      // given: another transaction is appending (it holds the append lock until it commits)
      holder.setAutoCommit(false);
      st.execute(Dialect.POSTGRESQL.outboxAppendLock());
      // when: a processor transaction appends meanwhile
      Future<?> appended = Executors.newVirtualThreadPerTaskExecutor().submit(() -> enqueue(entry("crm", profileInLane(1), 1)));
      Thread.sleep(500);
      // then: it waits for the other to commit, and only then draws its ids and commits
      assertThat(appended).isNotDone();
      assertThat(pending("crm")).isEmpty();
      holder.commit();
      appended.get(10, TimeUnit.SECONDS);
    }
    assertThat(pending("crm")).hasSize(1);
  }

  @Override
  protected long sharedPayloadRows() throws SQLException {
    try (Connection c = DriverManager.getConnection(options.jdbcUrl(), PostgresServer.USER, "");
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM outbox_payloads")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Holds back every lease at its first write to {@code delivery_members} (after the lanes exist,
   * before any is selected), so that when it opens, the leases waiting at it go on at once, each
   * in its own open transaction.
   */
  private final class Gate implements AutoCloseable {
    private final Connection c;
    /** Watches outside the gate's transaction, which would see one snapshot of the activity. */
    private final Connection watcher;

    Gate() throws SQLException {
      c = DriverManager.getConnection(options.jdbcUrl(), PostgresServer.USER, "");
      c.setAutoCommit(false);
      watcher = DriverManager.getConnection(options.jdbcUrl(), PostgresServer.USER, "");
    }

    void shut() throws SQLException {
      try (Statement st = c.createStatement()) {
        st.execute("LOCK TABLE delivery_members IN SHARE MODE");
      }
    }

    /** Waits until {@code n} sessions wait for a lock in this database. */
    void awaitWaiting(int n) throws SQLException, InterruptedException {
      long deadline = System.nanoTime() + GATE_TIMEOUT.toNanos();
      int waiting = 0;
      while (System.nanoTime() < deadline) {
        try (Statement st = watcher.createStatement();
            ResultSet rs =
                st.executeQuery(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
          rs.next();
          waiting = rs.getInt(1);
        }
        if (waiting >= n) {
          return;
        }
        Thread.sleep(1);
      }
      throw new AssertionError("Expected " + n + " leases to wait at the gate within " + GATE_TIMEOUT + ", but " + waiting + " did");
    }

    void open() throws SQLException {
      c.commit();
    }

    @Override
    public void close() throws SQLException {
      try (watcher) {
        c.close();
      }
    }
  }

  @Test
  void shouldNeverGiveALaneToTwoOwnersLeasingAtTheSameMoment() throws Exception {
    // given: a second instance on the same database, and the lanes in place
    outbox.leaseLanes("setup", T0.minus(Duration.ofDays(1)), TTL, 0, Set.of());
    outbox.releaseLanes("setup");
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (StateStore second = PostgresStateStore.open(options);
        Gate gate = new Gate()) {
      Outbox[] outboxes = {outbox, outboxOf(second)};
      for (int round = 0; round < ROUNDS; round++) {
        // when: both want every lane, and every lease of the round before has expired, or
        // (every other round) is still theirs to renew
        Instant now = T0.plus(TTL.multipliedBy(round + round / 2));
        int target = round % 2 == 0 ? Lanes.COUNT : Lanes.COUNT / 2;
        gate.shut();
        @SuppressWarnings("unchecked")
        Future<Set<Integer>>[] leased = new Future[2];
        for (int i = 0; i < 2; i++) {
          Outbox o = outboxes[i];
          String owner = "instance-" + i;
          leased[i] = threads.submit(() -> o.leaseLanes(owner, now, TTL, target, Set.of()));
        }
        gate.awaitWaiting(2);
        gate.open();
        Set<Integer> first = leased[0].get(30, TimeUnit.SECONDS);
        Set<Integer> other = leased[1].get(30, TimeUnit.SECONDS);
        // then
        assertThat(bothHold(first, other)).as("round %d: lanes of both %s and %s", round, first, other).isEmpty();
        if (target == Lanes.COUNT) {
          Set<Integer> union = new HashSet<>(first);
          union.addAll(other);
          assertThat(union).as("round %d", round).isEqualTo(Lanes.ALL);
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
