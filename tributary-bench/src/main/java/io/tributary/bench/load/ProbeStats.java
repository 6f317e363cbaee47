package io.tributary.bench.load;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Outcomes of ingest-to-profile visibility probes. Thread-safe. Every probe started ends as exactly
 * one of visible, timed out or failed; only visible probes enter the histogram.
 */
public final class ProbeStats {

  private final ConcurrentHistogram visibilityMicros = new ConcurrentHistogram(3);
  private final LongAdder started = new LongAdder();
  private final LongAdder visible = new LongAdder();
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final AtomicReference<String> firstProblem = new AtomicReference<>();

  void started() {
    started.increment();
  }

  void visible(long latencyNanos) {
    visibilityMicros.recordValue(Math.max(0, latencyNanos / 1_000));
    visible.increment();
  }

  void timedOut() {
    timedOut.increment();
  }

  void skipped() {
    skipped.increment();
  }

  void failed(String reason) {
    failed.increment();
    firstProblem.compareAndSet(null, reason);
  }

  /** A copy of the counters, taken once all probes have finished. */
  public Snapshot snapshot() {
    return new Snapshot(
        started.sum(),
        visible.sum(),
        timedOut.sum(),
        failed.sum(),
        skipped.sum(),
        firstProblem.get(),
        visibilityMicros.copy());
  }

  /**
   * The counters at one moment.
   *
   * @param firstProblem the first failure seen, or null
   * @param visibilityMicros send-start to first 200 from the profile API, in microseconds
   */
  public record Snapshot(
      long started,
      long visible,
      long timedOut,
      long failed,
      long skipped,
      String firstProblem,
      Histogram visibilityMicros) {}
}
