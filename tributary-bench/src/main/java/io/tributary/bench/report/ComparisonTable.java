package io.tributary.bench.report;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Renders scenarios as a Markdown table (readable as plain text too): medians of events/s and
 * latency percentiles, and for rows in the reference's mode the ratio to the reference row.
 */
public final class ComparisonTable {

  private static final String NOT_RUN = "not yet measured";

  private ComparisonTable() {}

  /**
   * @param rows the scenarios, in table order
   * @param reference the row the ratios are taken against, usually the baseline; may be null
   */
  public static String render(List<ScenarioRuns> rows, ScenarioRuns reference) {
    Objects.requireNonNull(rows, "rows");
    StringBuilder out = new StringBuilder();
    out.append("| scenario | runs | events/s | ack p50 ms | ack p90 ms | ack p99 ms | ack p99.9 ms")
        .append(
            " | ack max ms | visible p50 ms | visible p99 ms | events/s vs ref | p99 vs ref |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (ScenarioRuns row : rows) {
      out.append("| ").append(row.label()).append(" | ");
      if (row.results().isEmpty()) {
        out.append("0 | ")
            .append(String.join(" | ", Collections.nCopies(10, NOT_RUN)))
            .append(" |\n");
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
          .append(ratio(row, reference, row.eventsPerSecond(), refEvents(reference)))
          .append(" | ")
          .append(ratio(row, reference, row.ackLatency("p99"), refP99(reference)))
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

  private static OptionalDouble refEvents(ScenarioRuns reference) {
    return reference == null ? OptionalDouble.empty() : reference.eventsPerSecond();
  }

  private static OptionalDouble refP99(ScenarioRuns reference) {
    return reference == null ? OptionalDouble.empty() : reference.ackLatency("p99");
  }

  private static String ratio(
      ScenarioRuns row, ScenarioRuns reference, OptionalDouble value, OptionalDouble ref) {
    if (reference == null
        || !row.mode().equals(reference.mode())
        || value.isEmpty()
        || ref.isEmpty()
        || ref.getAsDouble() == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2fx", value.getAsDouble() / ref.getAsDouble());
  }

  private static String number(OptionalDouble value, String format) {
    return value.isEmpty() ? "-" : String.format(Locale.ROOT, format, value.getAsDouble());
  }
}
