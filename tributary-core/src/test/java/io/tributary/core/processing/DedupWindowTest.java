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
