package io.tributary.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.state.StateStore;
import io.tributary.core.state.StateStoreException;
import io.tributary.testkit.PostgresServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PostgreSQL restarts or is down for a while under an open store: transactions fail with {@link
 * StateStoreException} meanwhile, and work again once it is back, without the store being reopened.
 * Each test on a server of its own, since it stops it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RestartTest {
  private static final Duration BACK_WITHIN = Duration.ofSeconds(30);

  @Test
  void shouldWorkAgainAfterPostgresqlRestarted() {
    // given: a store with committed state
    try (PostgresServer server = PostgresServer.start();
        StateStore store = PostgresStateStore.open(TestDatabases.fresh(server, "restart"))) {
      setNextPosition(store, 10);
      // when
      server.restart();
      // then: the transaction that finds its connection broken fails, later ones work
      assertThatThrownBy(() -> setNextPosition(store, 11)).isExactlyInstanceOf(StateStoreException.class);
      int failures = retried(() -> setNextPosition(store, 12));
      assertThat(failures).as("failed transactions after the one that found the connection broken").isZero();
      // Each pooled read connection may fail once as it is found broken, as the writer's did.
      assertThat(retried(() -> assertThat(store.reader().nextPosition(0)).isEqualTo(12))).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void shouldFailWithStateStoreExceptionWhileDownAndWorkOnceBack() {
    // given
    try (PostgresServer server = PostgresServer.start();
        StateStore store = PostgresStateStore.open(TestDatabases.fresh(server, "down"))) {
      setNextPosition(store, 10);
      // when: down
      server.stop();
      // then: every transaction fails as the store being unavailable, never as a lost race
      for (int attempt = 1; attempt <= 3; attempt++) {
        assertThatThrownBy(() -> setNextPosition(store, 11)).isExactlyInstanceOf(StateStoreException.class);
      }
      // when: back
      server.restart();
      // then
      retried(() -> setNextPosition(store, 12));
      retried(() -> assertThat(store.reader().nextPosition(0)).isEqualTo(12));
      long next = store.inTransaction(tx -> tx.nextPosition(0));
      assertThat(next).isEqualTo(12);
    }
  }

  private static void setNextPosition(StateStore store, long next) {
    store.inTransaction(tx -> {
      tx.setNextPosition(0, next);
      return null;
    });
  }

  /**
   * Retries work that fails with {@link StateStoreException}, as the processor and the profile API's
   * clients would, until it succeeds; returns how many times it failed.
   */
  private static int retried(Runnable work) {
    long deadline = System.nanoTime() + BACK_WITHIN.toNanos();
    int failures = 0;
    while (true) {
      try {
        work.run();
        return failures;
      } catch (StateStoreException e) {
        failures++;
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "Expected the store to work within " + BACK_WITHIN.toSeconds() + " s of PostgreSQL being back,"
                  + " but " + failures + " failed, the last with: " + e.getMessage(),
              e);
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while waiting for the store to work again", e);
      }
    }
  }
}
