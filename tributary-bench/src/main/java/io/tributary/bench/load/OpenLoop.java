package io.tributary.bench.load;

import io.tributary.bench.payload.PayloadPool;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends one batch every {@code batchSize / rate} seconds whatever the server does, and measures
 * each request's latency from the time it was due, so a stalled server shows up as latency instead
 * of as fewer samples (no coordinated omission).
 *
 * <p>At most {@code maxOutstanding} requests are in flight; a send that falls due while that many
 * are outstanding is skipped and counted, which keeps the generator's own memory bounded when the
 * server cannot keep up. A send that leaves more than {@link #LATE_NANOS} after its due time (the
 * generator itself was delayed) is counted as late and still measured from its due time. Events
 * that carry a send time carry the due time too.
 */
final class OpenLoop {

  /** One millisecond: a scheduler wake-up later than this is reported. */
  static final long LATE_NANOS = 1_000_000;

  private final PayloadPool pool;
  private final BatchSender sender;
  private final LoadStats stats;
  private final MeasurementWindow window;
  private final double intervalNanos;
  private final Semaphore outstanding;

  OpenLoop(
      PayloadPool pool,
      BatchSender sender,
      LoadStats stats,
      MeasurementWindow window,
      int rate,
      int batchSize,
      int maxOutstanding) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.stats = Objects.requireNonNull(stats, "stats");
    this.window = Objects.requireNonNull(window, "window");
    this.intervalNanos = 1e9 * batchSize / rate;
    this.outstanding = new Semaphore(maxOutstanding);
  }

  /**
   * Schedules sends on the calling (platform) thread, whose sleeps are more precise than a virtual
   * thread's, and returns once every request sent has finished.
   *
   * @throws IllegalStateException if a sender died of an unexpected exception
   */
  void run() throws InterruptedException {
    AtomicReference<Throwable> crash = new AtomicReference<>();
    try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      for (long k = 0; ; k++) {
        long due = window.startNanos() + (long) (k * intervalNanos);
        if (due >= window.measureEndNanos()) {
          break;
        }
        sleepUntil(due);
        boolean measured = window.measures(due);
        if (!outstanding.tryAcquire()) {
          if (measured) {
            stats.skipped();
          }
          continue;
        }
        if (measured && System.nanoTime() - due > LATE_NANOS) {
          stats.late();
        }
        senders.submit(
            () -> {
              try {
                sender.deliver(pool.next(window.epochMicros(due)), due);
              } catch (RuntimeException | Error e) {
                crash.compareAndSet(null, e);
              } finally {
                outstanding.release();
              }
              return null;
            });
      }
    }
    if (crash.get() != null) {
      throw new IllegalStateException("An open-loop sender failed unexpectedly", crash.get());
    }
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long wait;
    while ((wait = nanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
