package io.tributary.bench.load;

import java.time.Duration;

/**
 * The phases of a run on the {@link System#nanoTime()} clock: warm-up from {@code startNanos},
 * measurement from {@code measureStartNanos} to {@code measureEndNanos}, and a grace period to
 * {@code giveUpNanos} in which throttled requests of the measured phase may still be retried.
 */
public record MeasurementWindow(
    long startNanos, long measureStartNanos, long measureEndNanos, long giveUpNanos) {

  /** How long throttled requests may keep retrying after the measured phase. */
  public static final Duration GRACE = Duration.ofSeconds(10);

  /** Starts a window now. */
  public static MeasurementWindow startingNow(Duration warmup, Duration duration) {
    long start = System.nanoTime();
    long measureStart = start + warmup.toNanos();
    long measureEnd = measureStart + duration.toNanos();
    return new MeasurementWindow(start, measureStart, measureEnd, measureEnd + GRACE.toNanos());
  }

  /** True when a request that started (or was due) at {@code nanos} counts in the results. */
  public boolean measures(long nanos) {
    return nanos >= measureStartNanos && nanos < measureEndNanos;
  }
}
