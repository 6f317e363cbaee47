package io.tributary.core.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.event.EventCodec;
import io.tributary.core.identity.Identifier;
import io.tributary.core.identity.IdentityRules;
import io.tributary.core.log.LogEntry;
import io.tributary.core.processing.BatchApplier.ProcessedEvent;
import io.tributary.core.state.StateStoreException;
import io.tributary.core.testing.Events;
import io.tributary.core.testing.InMemoryStateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchApplierTest {
  private final EventProcessor processor = new EventProcessor(IdentityRules.defaults());
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final List<ProcessedEvent> committed = new ArrayList<>();
  private final List<Long> skipped = new ArrayList<>();
  private final List<Duration> took = new ArrayList<>();

  private final BatchApplier.Step step = processor.asStep();

  private final BatchApplier.Listener listener =
      new BatchApplier.Listener() {
        @Override
        public void committed(List<ProcessedEvent> batch, Duration transaction) {
          committed.addAll(batch);
          took.add(transaction);
        }

        @Override
        public void skipped(int partition, long position, Exception cause) {
          skipped.add(position);
        }
      };

  private static LogEntry entry(int partition, long position, String eventName, String userId) {
    return new LogEntry(partition, position, EventCodec.encode(Events.track(eventName).userId(userId).build()));
  }

  private long count(String userId, String eventName) {
    var reader = store.reader();
    String id = reader.profileOf(new Identifier("user_id", userId)).orElseThrow();
    return reader.profile(id).orElseThrow().profile().eventCounts().getOrDefault(eventName, 0L);
  }

  @Test
  void shouldStoreTheNextPositionOfEveryPartitionInTheBatch() {
    // given: entries of two partitions, as a Kafka poll returns them
    var applier = new BatchApplier(store, step, listener);
    var entries = List.of(entry(0, 0, "A", "u-1"), entry(3, 7, "B", "u-2"), entry(0, 1, "C", "u-1"));
    // when
    Map<Integer, Long> next = applier.apply(entries);
    // then
    assertThat(next).containsExactlyInAnyOrderEntriesOf(Map.of(0, 2L, 3, 8L));
    assertThat(store.reader().nextPosition(0)).isEqualTo(2);
    assertThat(store.reader().nextPosition(3)).isEqualTo(8);
    assertThat(committed).hasSize(3);
  }

  @Test
  void shouldTellHowLongEachCommittedTransactionTook() {
    // given: a step that takes at least 15 ms per entry
    BatchApplier.Step slow =
        (tx, entry) -> {
          Pause.quietly(15);
          return step.apply(tx, entry);
        };
    var applier = new BatchApplier(store, slow, listener);
    // when: two batches, one of them of two entries
    applier.apply(List.of(entry(0, 0, "A", "u-1"), entry(0, 1, "A", "u-1")));
    applier.apply(List.of(entry(0, 2, "A", "u-1")));
    // then: one duration per transaction, covering the work done in it
    assertThat(took).hasSize(2);
    assertThat(took.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
    assertThat(took.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(15)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void shouldApplyEntriesOnceWhenTwoConsumersHoldTheSamePartition() {
    // given: two appliers on one store, as two instances during a rebalance
    var first = new BatchApplier(store, step, listener);
    var second = new BatchApplier(store, step, listener);
    first.apply(List.of(entry(0, 0, "A", "u-1"), entry(0, 1, "A", "u-1")));
    // when: the second applies an overlapping range
    Map<Integer, Long> next = second.apply(List.of(entry(0, 1, "A", "u-1"), entry(0, 2, "A", "u-1")));
    // then: only the entry not applied yet was applied
    assertThat(count("u-1", "A")).isEqualTo(3);
    assertThat(next).containsExactly(Map.entry(0, 3L));
    assertThat(committed).extracting(p -> p.entry().position()).containsExactly(0L, 1L, 2L);
  }

  @Test
  void shouldReportTheStoredPositionWhenEverythingWasAppliedAlready() {
    // given
    var applier = new BatchApplier(store, step, listener);
    applier.apply(List.of(entry(1, 10, "A", "u-1"), entry(1, 11, "A", "u-1")));
    committed.clear();
    // when: the whole batch is stale
    Map<Integer, Long> next = applier.apply(List.of(entry(1, 10, "A", "u-1")));
    // then: nothing is applied, nothing moves back
    assertThat(next).containsExactly(Map.entry(1, 12L));
    assertThat(committed).isEmpty();
    assertThat(store.reader().nextPosition(1)).isEqualTo(12);
    assertThat(count("u-1", "A")).isEqualTo(2);
  }

  @Test
  void shouldSkipAPoisonEntryAndKeepItsNeighboursInOtherPartitions() {
    // given
    var applier = new BatchApplier(store, step, listener);
    var poison = new LogEntry(2, 5, "not json".getBytes(StandardCharsets.UTF_8));
    // when
    Map<Integer, Long> next = applier.apply(List.of(entry(1, 4, "A", "u-1"), poison, entry(2, 6, "B", "u-2")));
    // then
    assertThat(skipped).containsExactly(5L);
    assertThat(next).containsExactlyInAnyOrderEntriesOf(Map.of(1, 5L, 2, 7L));
    assertThat(count("u-1", "A")).isEqualTo(1);
    assertThat(count("u-2", "B")).isEqualTo(1);
  }

  @Test
  void shouldLetAConflictPropagateWithNothingWritten() {
    // given: a step that loses a race with another writer
    BatchApplier.Step racing =
        (tx, entry) -> {
          step.apply(tx, entry);
          throw new StateStoreException.Conflict("could not serialize access", null);
        };
    var applier = new BatchApplier(store, racing, listener);
    // when / then: not treated as a poison entry
    assertThatThrownBy(() -> applier.apply(List.of(entry(0, 0, "A", "u-1"))))
        .isInstanceOf(StateStoreException.Conflict.class);
    assertThat(skipped).isEmpty();
    assertThat(store.reader().nextPosition(0)).isZero();
    assertThat(store.reader().profileOf(new Identifier("user_id", "u-1"))).isEmpty();
  }
}
