package io.tributary.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.delivery.Backlog;
import io.tributary.core.delivery.DeadLetter;
import io.tributary.core.delivery.DeadLetterQuery;
import io.tributary.core.delivery.DeliveryEngine;
import io.tributary.core.delivery.DeliveryMetrics;
import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.delivery.DestinationCompiler;
import io.tributary.core.delivery.DestinationDefinition;
import io.tributary.core.delivery.EventSelector;
import io.tributary.core.delivery.Lanes;
import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.Outbox;
import io.tributary.core.delivery.OutboxEntry;
import io.tributary.core.delivery.RetryPolicy;
import io.tributary.core.delivery.SendResult;
import io.tributary.core.delivery.Settlement;
import io.tributary.core.delivery.StoredDestination;
import io.tributary.core.delivery.TransportRegistry;
import io.tributary.core.delivery.TransportSpec;
import io.tributary.jdbc.JdbcStateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker reads its whole outbox again now and then (a rescan). A message it delivered, whose
 * outcome the settler writes while that read runs, must not be sent again: the read may return
 * the row as it was before the write, though the message is no longer settling once it looks.
 */
class SqliteDeliveryRescanTest {
  private static final String RECORDING = "recording";

  @TempDir Path dir;

  @Test
  void shouldNotSendAgainAMessageSettledWhileARescanReadTheOutbox() throws Exception {
    try (JdbcStateStore store = SqliteStateStore.open(dir.resolve("state.db"), 2)) {
      // given: a destination that records every message it is sent, and one message for it
      Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
      RacingOutbox outbox = new RacingOutbox(store.outbox());
      DestinationDefinition crm =
          new DestinationDefinition(
              "crm", EventSelector.ALL, null, null, new TransportSpec(RECORDING, Map.of()),
              new DeliveryMode.Realtime(), RetryPolicy.DEFAULT, 0, 16, null);
      DeliveryEngine.Options options =
          new DeliveryEngine.Options(
              "test", Duration.ofMillis(20), Duration.ofMillis(100), 1_000, Duration.ofSeconds(30), Duration.ofSeconds(2),
              5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5));
      try (DeliveryEngine engine =
          DeliveryEngine.start(
              outbox, new DestinationCompiler(new TransportRegistry(List.of(recording(sent)))),
              Clock.systemUTC(), DeliveryMetrics.NONE, options, List.of(crm))) {
        store.inTransaction(tx -> {
          tx.enqueue(new OutboxEntry(
              "crm", "p-1", OutboxEntry.idempotencyKey("crm", "web", "m-1"),
              "{\"n\":1}".getBytes(StandardCharsets.UTF_8), Instant.now(), null));
          return null;
        });
        engine.wake();

        // when: its outcome is written while the next rescan reads the outbox
        assertThat(outbox.raced.await(10, TimeUnit.SECONDS)).as("a rescan read while the outcome was written").isTrue();
        // and a few more rescans go by
        Thread.sleep(options.rescanInterval().multipliedBy(4).toMillis());
      }

      // then
      assertThat(sent).containsOnlyKeys(OutboxEntry.idempotencyKey("crm", "web", "m-1"));
      assertThat(sent.values()).extracting(AtomicInteger::get).containsExactly(1);
      assertThat(store.outbox().pending("crm", Lanes.ALL, 0, 10)).isEmpty();
    }
  }

  /**
   * The real outbox, but the first settlement waits until a rescan has read its rows, and that
   * rescan returns them only once the settlement is written: the interleaving that sent a message
   * twice.
   */
  private static final class RacingOutbox implements Outbox {
    private final Outbox real;
    private final AtomicBoolean settleWaiting = new AtomicBoolean();
    private final AtomicBoolean first = new AtomicBoolean(true);
    private final CountDownLatch rowsRead = new CountDownLatch(1);
    private final CountDownLatch settled = new CountDownLatch(1);
    final CountDownLatch raced = new CountDownLatch(1);

    RacingOutbox(Outbox real) {
      this.real = real;
    }

    @Override
    public List<OutboundMessage> pending(String destination, Set<Integer> lanes, long afterId, int limit) {
      boolean race = afterId == 0 && settleWaiting.get() && rowsRead.getCount() > 0;
      List<OutboundMessage> rows = real.pending(destination, lanes, afterId, limit);
      if (race) {
        rowsRead.countDown();
        await(settled);
        pause(200); // the settler forgets the ids as soon as settle returns
        raced.countDown();
      }
      return rows;
    }

    @Override
    public void settle(List<Settlement> settlements) {
      if (first.getAndSet(false)) {
        settleWaiting.set(true);
        await(rowsRead);
      }
      real.settle(settlements);
      settled.countDown();
    }

    private static void pause(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private static void await(CountDownLatch latch) {
      try {
        if (!latch.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the other side of the race never came");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public List<DeadLetter> deadLetters(DeadLetterQuery query) {
      return real.deadLetters(query);
    }

    @Override
    public Optional<DeadLetter> deadLetter(long id) {
      return real.deadLetter(id);
    }

    @Override
    public Replayed replay(DeadLetterQuery query, Remapper remap) {
      return real.replay(query, remap);
    }

    @Override
    public int discard(DeadLetterQuery query) {
      return real.discard(query);
    }

    @Override
    public Map<String, Backlog> backlog() {
      return real.backlog();
    }

    @Override
    public List<StoredDestination> destinations() {
      return real.destinations();
    }

    @Override
    public void save(StoredDestination destination) {
      real.save(destination);
    }

    @Override
    public boolean delete(String name) {
      return real.delete(name);
    }

    @Override
    public Set<Integer> leaseLanes(String owner, Instant now, Duration ttl, int target, Set<Integer> releasable) {
      return real.leaseLanes(owner, now, ttl, target, releasable);
    }

    @Override
    public int laneOwners(String owner, Instant now) {
      return real.laneOwners(owner, now);
    }

    @Override
    public void releaseLanes(String owner) {
      real.releaseLanes(owner);
    }
  }

  /** A transport type, {@code recording}, that counts the messages it is sent by idempotency key. */
  private static FixedTransportFactory recording(Map<String, AtomicInteger> sent) {
    return new FixedTransportFactory(RECORDING, messages -> {
      messages.forEach(m -> sent.computeIfAbsent(m.idempotencyKey(), k -> new AtomicInteger()).incrementAndGet());
      return SendResult.DELIVERED;
    });
  }
}
