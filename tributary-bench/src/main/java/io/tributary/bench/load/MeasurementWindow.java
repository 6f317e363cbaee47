package io.tributary.bench.load;

import java.time.Duration;
import java.time.Instant;

/**
 * The phases of a run on the {@link System#nanoTime()} clock: warm-up from {@code startNanos},
 * measurement from {@code measureStartNanos} to {@code measureEndNanos}, and a grace period to
 * {@code giveUpNanos} in which throttled requests of the measured phase may still be retried.
 *
 * @param startEpochMicros the wall clock at {@code startNanos}, in microseconds since the epoch:
 *     the anchor that turns a time of this window into the send time stamped into events
 */
public record MeasurementWindow(
    long startNanos,
    long measureStartNanos,
    long measureEndNanos,
    long giveUpNanos,
    long startEpochMicros) {

  /** How long throttled requests may keep retrying after the measured phase. */
  public static final Duration GRACE = Duration.ofSeconds(10);

  /** Starts a window now. */
  public static MeasurementWindow startingNow(Duration warmup, Duration duration) {
    Instant wall = Instant.now();
    long start = System.nanoTime();
    long measureStart = start + warmup.toNanos();
    long measureEnd = measureStart + duration.toNanos();
    return new MeasurementWindow(
        start,
        measureStart,
        measureEnd,
        measureEnd + GRACE.toNanos(),
        wall.getEpochSecond() * 1_000_000 + wall.getNano() / 1_000);
  }

  /** True when a request that started (or was due) at {@code nanos} counts in the results. */
  public boolean measures(long nanos) {
    return nanos >= measureStartNanos && nanos < measureEndNanos;
  }

  /**
   * The wall-clock time of {@code nanos} (on the {@link System#nanoTime()} clock) in microseconds
   * since the epoch. Taken from the monotonic clock, so a clock step during the run does not show
   * up as latency.
   */
  public long epochMicros(long nanos) {
    return startEpochMicros + Math.floorDiv(nanos - startNanos, 1_000);
  }
}
