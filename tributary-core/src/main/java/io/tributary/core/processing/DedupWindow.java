package io.tributary.core.processing;

import io.tributary.core.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The deduplication window: the ids of messages received longer ago than the window are forgotten,
 * so that the table of processed message ids stops growing with the event volume. A message sent
 * again within the window is still a duplicate; sent again after it, it is processed as new.
 *
 * <p>The window is measured back from the receive time of the newest event the processor has
 * applied ({@link #applied}), or from now if that is earlier: while the processor works off a
 * backlog (a restart after an outage, a rebuild of the state from the log), the ids it still needs
 * to recognise resends within the backlog are kept, so a replay decides duplicates as live
 * processing did. Until the processor has applied an event since the start nothing is forgotten.
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
  /** The newest receive time the processor has applied, or null before the first. */
  private final AtomicReference<Instant> applied = new AtomicReference<>();

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
    Instant upTo = applied.get();
    if (upTo == null) {
      return 0;
    }
    Instant now = clock.instant();
    var cutoff = (upTo.isBefore(now) ? upTo : now).minus(window);
    return Chunked.repeat(() -> {
      int n = store.forgetProcessedBefore(cutoff, chunk);
      forgotten.addAndGet(n);
      return n;
    }, chunk, pause);
  }

  /** Tells the window that the processor applied an event received at {@code receivedAt}. */
  public void applied(Instant receivedAt) {
    applied.accumulateAndGet(receivedAt, (a, b) -> a == null || b.isAfter(a) ? b : a);
  }

  /** Message ids forgotten since this window was made. */
  public long forgotten() {
    return forgotten.get();
  }
}
