package io.tributary.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Renders scenarios as a Markdown table (readable as plain text too): medians of events/s and
 * latency percentiles, and the ratio of each row to the reference row of the same mode (closed or
 * open loop), so the hub's open-loop latency is read against the baseline's at the same rate.
 */
public final class ComparisonTable {

  private static final String NOT_RUN = "not yet measured";

  private ComparisonTable() {}

  /**
   * @param rows the scenarios, in table order
   * @param references the rows ratios are taken against, at most one per mode; a reference row has
   *     no ratio of its own
   */
  public static String render(List<ScenarioRuns> rows, List<ScenarioRuns> references) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(references, "references");
    StringBuilder out = new StringBuilder();
    out.append("| scenario | runs | events/s | ack p50 ms | ack p90 ms | ack p99 ms | ack p99.9 ms")
        .append(
            " | ack max ms | visible p50 ms | visible p99 ms | events/s vs ref | p99 vs ref |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (ScenarioRuns row : rows) {
      ScenarioRuns reference = referenceFor(row, references);
      out.append("| ").append(row.label()).append(" | ");
      if (row.results().isEmpty()) {
        out.append("0 | ").append(NOT_RUN).append(" |").append(" - |".repeat(9)).append('\n');
        continue;
      }
      out.append(row.results().size())
          .append(" | ")
          .append(number(row.eventsPerSecond(), "%,.0f"))
          .append(" | ")
          .append(number(row.ackLatency("p50"), "%.2f"))
          .append(" | ")
          .append(number(row.ackLatency("p90"), "%.2f"))
          .append(" | ")
          .append(number(row.ackLatency("p99"), "%.2f"))
          .append(" | ")
          .append(number(row.ackLatency("p999"), "%.2f"))
          .append(" | ")
          .append(number(row.ackLatency("max"), "%.2f"))
          .append(" | ")
          .append(number(row.visibility("p50"), "%.2f"))
          .append(" | ")
          .append(number(row.visibility("p99"), "%.2f"))
          .append(" | ")
          .append(ratio(reference, row.eventsPerSecond(), refEvents(reference)))
          .append(" | ")
          .append(ratio(reference, row.ackLatency("p99"), refP99(reference)))
          .append(" |\n");
    }
    for (ScenarioRuns row : rows) {
      if (row.problems() > 0) {
        out.append(
            String.format(
                Locale.ROOT,
                "%nWARNING: '%s' had %,d rejected, failed or skipped requests; see its result"
                    + " files.%n",
                row.label(),
                row.problems()));
      }
    }
    return out.toString();
  }

  private static ScenarioRuns referenceFor(ScenarioRuns row, List<ScenarioRuns> references) {
    return references.stream()
        .filter(ref -> ref != row && !ref.results().isEmpty() && ref.mode().equals(row.mode()))
        .findFirst()
        .orElse(null);
  }

  private static OptionalDouble refEvents(ScenarioRuns reference) {
    return reference == null ? OptionalDouble.empty() : reference.eventsPerSecond();
  }

  private static OptionalDouble refP99(ScenarioRuns reference) {
    return reference == null ? OptionalDouble.empty() : reference.ackLatency("p99");
  }

  private static String ratio(ScenarioRuns reference, OptionalDouble value, OptionalDouble ref) {
    if (reference == null || value.isEmpty() || ref.isEmpty() || ref.getAsDouble() == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2fx", value.getAsDouble() / ref.getAsDouble());
  }

  private static String number(OptionalDouble value, String format) {
    return value.isEmpty() ? "-" : String.format(Locale.ROOT, format, value.getAsDouble());
  }
}
