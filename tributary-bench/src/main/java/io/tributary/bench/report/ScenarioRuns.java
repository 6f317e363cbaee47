package io.tributary.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * The repetitions of one scenario (e.g. "baseline closed, batch 100"), each a parsed result file,
 * summarised by the median of each metric taken separately.
 *
 * @param label the scenario's name in the table
 * @param results the {@code result} objects of its runs; may be empty (not run)
 */
public record ScenarioRuns(String label, List<JsonNode> results) {

  /** Validates the fields and copies the list. */
  public ScenarioRuns {
    Objects.requireNonNull(label, "label");
    results = List.copyOf(results);
  }

  /** The runs' mode ({@code closed}/{@code open}), or empty text when not run. */
  public String mode() {
    return results.isEmpty() ? "" : results.getFirst().path("mode").asText();
  }

  /** Median accepted events per second. */
  public OptionalDouble eventsPerSecond() {
    return median(r -> r.path("eventsPerSecond").asDouble());
  }

  /** Median of an acknowledgement-latency field ({@code p50}, {@code p99}, ...) in ms. */
  public OptionalDouble ackLatency(String field) {
    return median(
        r -> {
          JsonNode ack = r.path("ackLatencyMs");
          return ack.path("count").asLong() > 0 ? ack.path(field).asDouble() : Double.NaN;
        });
  }

  /** Median of a visibility-latency field in ms; empty when no run had a visible probe. */
  public OptionalDouble visibility(String field) {
    if (results.stream().noneMatch(r -> r.path("probes").isObject())) {
      return OptionalDouble.empty();
    }
    return median(
        r -> {
          JsonNode visibility = r.path("probes").path("visibilityMs");
          return visibility.path("count").asLong() > 0
              ? visibility.path(field).asDouble()
              : Double.NaN;
        });
  }

  /**
   * Sum over runs of requests that were rejected, errors, or skipped: a run with any is suspect.
   */
  public long problems() {
    return results.stream().mapToLong(ScenarioRuns::problems).sum();
  }

  /** Requests of one run that were rejected, errors, or skipped. */
  static long problems(JsonNode result) {
    JsonNode q = result.path("requests");
    return q.path("rejected").asLong() + q.path("errors").asLong() + q.path("skipped").asLong();
  }

  private OptionalDouble median(ToDoubleFunction<JsonNode> metric) {
    double[] values =
        results.stream().mapToDouble(metric).filter(v -> !Double.isNaN(v)).sorted().toArray();
    return medianOfSorted(values);
  }

  /** The median of sorted values: the middle one, or the mean of the middle two. */
  static OptionalDouble medianOfSorted(double[] sorted) {
    if (sorted.length == 0) {
      return OptionalDouble.empty();
    }
    if (!isSorted(sorted)) {
      throw new IllegalArgumentException("Expected sorted values, got " + Arrays.toString(sorted));
    }
    int mid = sorted.length / 2;
    return OptionalDouble.of(
        sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
  }

  private static boolean isSorted(double[] values) {
    for (int i = 1; i < values.length; i++) {
      if (values[i - 1] > values[i]) {
        return false;
      }
    }
    return true;
  }
}
