package io.tributary.core.processing;

import io.tributary.core.state.StateStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The deduplication window: the ids of messages received longer ago than the window are forgotten,
 * so that the table of processed message ids stops growing with the event volume. A message sent
 * again within the window is still a duplicate; sent again after it, it is processed as new.
 *
 * <p>One {@link #run} forgets everything due, in transactions of at most {@code chunk} ids with a
 * pause between them, so that the processor, which writes through the same connection on SQLite,
 * waits at most one chunk's time.
 */
public final class DedupWindow {
  private final StateStore store;
  private final Duration window;
  private final InstantSource clock;
  private final int chunk;
  private final Duration pause;
  private final AtomicLong forgotten = new AtomicLong();

  /**
   * @param window how long a message id is remembered after the message was received; positive
   * @param chunk how many ids one transaction forgets at most
   * @param pause how long to wait between two transactions of one run
   */
  public DedupWindow(StateStore store, Duration window, InstantSource clock, int chunk, Duration pause) {
    this.store = Objects.requireNonNull(store, "store");
    this.window = Objects.requireNonNull(window, "window");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pause = Objects.requireNonNull(pause, "pause");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("Expected a positive deduplication window, but got " + window);
    }
    if (chunk < 1) {
      throw new IllegalArgumentException("Expected chunk to be at least 1, but was " + chunk);
    }
    this.chunk = chunk;
  }

  /**
   * Forgets the ids now due, chunk by chunk, until none is left or the thread is interrupted.
   *
   * @return how many were forgotten
   * @throws io.tributary.core.state.StateStoreException if the store fails; what earlier chunks
   *     forgot stays forgotten
   */
  public long run() {
    var cutoff = clock.instant().minus(window);
    return Chunked.repeat(() -> {
      int n = store.forgetProcessedBefore(cutoff, chunk);
      forgotten.addAndGet(n);
      return n;
    }, chunk, pause);
  }

  /** Message ids forgotten since this window was made. */
  public long forgotten() {
    return forgotten.get();
  }
}
