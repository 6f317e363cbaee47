package io.tributary.core.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.testing.InMemoryStateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class DedupWindowTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private final InMemoryStateStore store = new InMemoryStateStore();

  private void processed(String messageId, Duration ago) {
    store.inTransaction(tx -> tx.markProcessed("web", messageId, NOW.minus(ago)));
  }

  private boolean isNew(String messageId) {
    return store.inTransaction(tx -> tx.markProcessed("web", messageId, NOW));
  }

  @Test
  void shouldForgetEverythingDueInChunksAndKeepTheRest() {
    // given: seven ids from two days ago, one from an hour ago
    for (int i = 0; i < 7; i++) {
      processed("old-" + i, Duration.ofHours(48));
    }
    processed("recent", Duration.ofHours(1));
    var window = new DedupWindow(store, Duration.ofHours(24), InstantSource.fixed(NOW), 3, Duration.ZERO);
    window.applied(NOW.minusSeconds(1));
    // when
    long forgotten = window.run();
    // then: all seven in three chunks (3, 3, 1); the recent one is still a duplicate
    assertThat(forgotten).isEqualTo(7);
    assertThat(window.forgotten()).isEqualTo(7);
    assertThat(isNew("old-6")).isTrue();
    assertThat(isNew("recent")).isFalse();
    // and a second run finds nothing more (old-6 was just processed again, so it is recent now)
    assertThat(window.run()).isZero();
    assertThat(window.forgotten()).isEqualTo(7);
  }

  @Test
  void shouldStopBetweenChunksWhenInterrupted() {
    for (int i = 0; i < 6; i++) {
      processed("old-" + i, Duration.ofHours(48));
    }
    var window = new DedupWindow(store, Duration.ofHours(24), InstantSource.fixed(NOW), 2, Duration.ofMillis(1));
    window.applied(NOW);
    Thread.currentThread().interrupt();
    try {
      // an interrupted thread does not start a chunk
      assertThat(window.run()).isZero();
    } finally {
      assertThat(Thread.interrupted()).isTrue();
    }
    assertThat(window.run()).isEqualTo(6);
  }

  @Test
  void shouldMeasureTheWindowFromWhatTheProcessorHasAppliedWhileItCatchesUp() {
    // given: ids received 72 and 50 hours ago, a window of 24 hours
    processed("three-days", Duration.ofHours(72));
    processed("fifty-hours", Duration.ofHours(50));
    var window = new DedupWindow(store, Duration.ofHours(24), InstantSource.fixed(NOW), 10, Duration.ZERO);
    // then: nothing is forgotten before the processor has applied anything since the start
    assertThat(window.run()).isZero();
    // when: the processor works through a backlog, at events received 40 hours ago
    window.applied(NOW.minus(Duration.ofHours(40)));
    window.applied(NOW.minus(Duration.ofHours(41))); // an older one does not move it back
    // then: only what is more than 24 hours older than that is forgotten
    assertThat(window.run()).isEqualTo(1);
    assertThat(isNew("three-days")).isTrue();
    assertThat(isNew("fifty-hours")).as("still needed to recognise resends within the backlog").isFalse();
    // and once it has caught up, the window is measured from now
    window.applied(NOW.plus(Duration.ofHours(1)));
    assertThat(window.run()).as("only fifty-hours is due now; three-days was just processed again").isEqualTo(1);
  }

  @Test
  void shouldRefuseAWindowOrChunkThatCannotWork() {
    var clock = InstantSource.fixed(NOW);
    assertThatThrownBy(() -> new DedupWindow(store, Duration.ZERO, clock, 10, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive deduplication window");
    assertThatThrownBy(() -> new DedupWindow(store, Duration.ofHours(1), clock, 0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunk");
  }
}
