package io.tributary.core.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.event.Event;
import io.tributary.core.event.EventCodec;
import io.tributary.core.identity.IdentityRules;
import io.tributary.core.identity.Identifier;
import io.tributary.core.log.LogRecord;
import io.tributary.core.processing.BatchApplier.ProcessedEvent;
import io.tributary.core.state.StateReader;
import io.tributary.core.state.StateStore;
import io.tributary.core.state.StateStoreException;
import io.tributary.core.state.StateTransaction;
import io.tributary.core.testing.Events;
import io.tributary.core.testing.InMemoryEventLog;
import io.tributary.core.testing.InMemoryStateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProcessorLoopTest {
  private final InMemoryEventLog log = new InMemoryEventLog();
  private final EventProcessor processor = new EventProcessor(IdentityRules.defaults());
  private final List<Long> skipped = new CopyOnWriteArrayList<>();
  private final AtomicInteger committedEvents = new AtomicInteger();

  private final BatchApplier.Step step = processor.asStep();

  private final BatchApplier.Listener listener =
      new BatchApplier.Listener() {
        @Override
        public void committed(List<ProcessedEvent> batch, Duration took) {
          committedEvents.addAndGet(batch.size());
        }

        @Override
        public void skipped(int partition, long position, Exception cause) {
          skipped.add(position);
        }
      };

  private void append(Event... events) {
    for (Event e : events) {
      log.append(List.of(new LogRecord("k", EventCodec.encode(e))));
    }
  }

  private static void await(LongSupplier actual, long expected, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (actual.getAsLong() != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Expected " + what + " to reach " + expected + ", but it is " + actual.getAsLong());
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void shouldApplyEventsInOrderAndResumeFromTheCommittedPosition() {
    // given
    var store = new InMemoryStateStore();
    append(Events.track("A").userId("u-1").build(), Events.track("B").userId("u-1").build());
    try (var loop = new ProcessorLoop(log, store, new BatchApplier(store, step, listener), 0, 10).start()) {
      await(loop::nextPosition, 3, "the processor position");
    }
    // when: more events arrive while it is stopped, and a new loop starts on the same store
    append(Events.track("C").userId("u-1").build());
    try (var loop = new ProcessorLoop(log, store, new BatchApplier(store, step, listener), 0, 10).start()) {
      await(loop::nextPosition, 4, "the processor position");
    }
    // then: each event was applied once
    StateReader reader = store.reader();
    String id = reader.profileOf(new Identifier("user_id", "u-1")).orElseThrow();
    assertThat(reader.profile(id).orElseThrow().profile().eventCounts()).containsOnly(
        java.util.Map.entry("A", 1L), java.util.Map.entry("B", 1L), java.util.Map.entry("C", 1L));
    assertThat(committedEvents.get()).isEqualTo(3);
  }

  @Test
  void shouldSkipAPoisonEventAndApplyTheRestOfItsBatch() {
    // given: a good event, a record that does not decode, another good event
    var store = new InMemoryStateStore();
    append(Events.track("A").userId("u-1").build());
    log.append(List.of(new LogRecord("k", "not json".getBytes(StandardCharsets.UTF_8))));
    append(Events.track("B").userId("u-1").build());
    // when
    try (var loop = new ProcessorLoop(log, store, new BatchApplier(store, step, listener), 0, 10).start()) {
      await(loop::nextPosition, 4, "the processor position");
    }
    // then
    assertThat(skipped).containsExactly(2L);
    assertThat(store.reader().nextPosition(0)).isEqualTo(4);
    String id = store.reader().profileOf(new Identifier("user_id", "u-1")).orElseThrow();
    assertThat(store.reader().profile(id).orElseThrow().profile().eventCounts()).containsKeys("A", "B");
  }

  @Test
  void shouldRetryThroughAStoreOutageWithoutSkippingAnything() {
    // given: a store whose first five transactions fail as if the database were down
    var real = new InMemoryStateStore();
    var failures = new AtomicInteger(5);
    StateStore flaky =
        new StateStore() {
          @Override
          public <T> T inTransaction(Function<StateTransaction, T> work) {
            if (failures.getAndDecrement() > 0) {
              throw new StateStoreException("database unreachable", null);
            }
            return real.inTransaction(work);
          }

          @Override
          public int forgetProcessedBefore(java.time.Instant cutoff, int max) {
            return real.forgetProcessedBefore(cutoff, max);
          }

          @Override
          public int forgetTimelineBefore(int partition, long position, int max) {
            return real.forgetTimelineBefore(partition, position, max);
          }

          @Override
          public StateReader reader() {
            return real.reader();
          }

          @Override
          public void close() {}
        };
    append(Events.track("A").userId("u-1").build(), Events.track("B").userId("u-2").build());
    // when
    try (var loop = new ProcessorLoop(log, flaky, new BatchApplier(flaky, step, listener), 0, 10).start()) {
      await(loop::nextPosition, 3, "the processor position");
    }
    // then
    assertThat(skipped).isEmpty();
    assertThat(real.liveProfileIds()).hasSize(2);
  }

  @Test
  void shouldSkipAnEventWhoseProcessingAlwaysFails() {
    // given: a step that fails for one particular event, as a bug would
    var store = new InMemoryStateStore();
    append(Events.track("A").userId("u-1").build(), Events.track("Boom").userId("u-1").build(), Events.track("C").userId("u-1").build());
    BatchApplier.Step buggy =
        (tx, entry) -> {
          ProcessedEvent p = step.apply(tx, entry);
          if ("Boom".equals(p.event().event())) {
            throw new IllegalStateException("a bug");
          }
          return p;
        };
    // when
    try (var loop = new ProcessorLoop(log, store, new BatchApplier(store, buggy, listener), 0, 10).start()) {
      await(loop::nextPosition, 4, "the processor position");
    }
    // then: the failing event is skipped and nothing of it was kept
    assertThat(skipped).containsExactly(2L);
    String id = store.reader().profileOf(new Identifier("user_id", "u-1")).orElseThrow();
    assertThat(store.reader().profile(id).orElseThrow().profile().eventCounts()).containsOnlyKeys("A", "C");
  }

}
