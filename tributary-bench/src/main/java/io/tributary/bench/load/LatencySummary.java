package io.tributary.bench.load;

import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram, in milliseconds.
 *
 * @param count number of samples
 * @param p999 the 99.9th percentile
 */
public record LatencySummary(
    long count, double mean, double p50, double p90, double p99, double p999, double max) {

  /** Summarises a histogram of microsecond values; all zero when it is empty. */
  public static LatencySummary fromMicros(Histogram micros) {
    Objects.requireNonNull(micros, "micros");
    if (micros.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(
        micros.getTotalCount(),
        millis(micros.getMean()),
        millis(micros.getValueAtPercentile(50)),
        millis(micros.getValueAtPercentile(90)),
        millis(micros.getValueAtPercentile(99)),
        millis(micros.getValueAtPercentile(99.9)),
        millis(micros.getMaxValue()));
  }

  private static double millis(double micros) {
    return Math.round(micros) / 1_000.0;
  }
}
