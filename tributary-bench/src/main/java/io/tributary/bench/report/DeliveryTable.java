package io.tributary.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Renders delivery benchmark runs as two Markdown tables, each figure the median over the
 * repetitions of a scenario at one rate (taken per metric):
 *
 * <ol>
 *   <li>per scenario and rate: the load generator's view (events sent, ingest ack latency, ingest
 *       to profile-visible probes);
 *   <li>per scenario, rate and receiver: events received of those sent, the latency from send (to
 *       the hub) to arrival at the receiver, and for the scenario with a receiver down the ratio of
 *       the other receivers' p99 to their p99 in the healthy scenario at the same rate.
 * </ol>
 *
 * <p>The latency percentiles are over every event sent in the measured phase: events that had not
 * arrived when the receivers reported count as slower than all that did, and a percentile that
 * falls among them is shown as "&gt; N s", N being how long after the measured phase the report
 * came. (Percentiles of the arrived events alone would look the better the fewer arrived.)
 */
public final class DeliveryTable {

  /** The scenario the ratios are taken against. */
  public static final String HEALTHY = "healthy";

  private DeliveryTable() {}

  /**
   * @param runs every run, in any order; scenarios keep the order of their first run, rates are
   *     sorted
   */
  public static String render(List<DeliveryRun> runs) {
    Objects.requireNonNull(runs, "runs");
    Map<String, Map<Integer, List<DeliveryRun>>> groups = new LinkedHashMap<>();
    for (DeliveryRun run : runs) {
      groups
          .computeIfAbsent(run.scenario(), s -> new TreeMap<>())
          .computeIfAbsent(run.rate(), r -> new ArrayList<>())
          .add(run);
    }
    StringBuilder out = new StringBuilder();
    out.append("| scenario | events/s | runs | sent | ack p50 ms | ack p99 ms")
        .append(" | visible p50 ms | visible p99 ms | skipped or failed sends |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    groups.forEach(
        (scenario, byRate) ->
            byRate.forEach(
                (rate, group) -> {
                  var repeated =
                      new ScenarioRuns(scenario, group.stream().map(DeliveryRun::result).toList());
                  out.append(
                      row(
                          scenario,
                          String.format(Locale.ROOT, "%,d", rate),
                          Integer.toString(group.size()),
                          number(median(group, DeliveryRun::sent), "%,.0f"),
                          number(repeated.ackLatency("p50"), "%.1f"),
                          number(repeated.ackLatency("p99"), "%.1f"),
                          number(repeated.visibility("p50"), "%.1f"),
                          number(repeated.visibility("p99"), "%.1f"),
                          String.format(Locale.ROOT, "%,d", repeated.problems())));
                }));
    out.append('\n')
        .append("| scenario | events/s | receiver | runs | sent | received | all received")
        .append(" | p50 ms | p99 ms | p99.9 ms | max ms | p99 vs healthy |\n")
        .append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    groups.forEach(
        (scenario, byRate) ->
            byRate.forEach(
                (rate, group) -> {
                  for (String sink : sinkNames(group)) {
                    out.append(sinkRow(scenario, rate, sink, group, groups));
                  }
                }));
    return out.toString();
  }

  private static String sinkRow(
      String scenario,
      int rate,
      String sink,
      List<DeliveryRun> group,
      Map<String, Map<Integer, List<DeliveryRun>>> groups) {
    String behaviour = group.getFirst().sink(sink).path("behaviour").asText("up");
    List<String> cells = new ArrayList<>();
    cells.add(scenario);
    cells.add(String.format(Locale.ROOT, "%,d", rate));
    cells.add(behaviour.equals("up") ? sink : sink + " (" + describe(behaviour) + ")");
    cells.add(Integer.toString(group.size()));
    cells.add(number(median(group, DeliveryRun::sent), "%,.0f"));
    if (!behaviour.equals("up")) {
      long refused = group.stream().mapToLong(r -> r.sink(sink).path("refused").asLong()).sum();
      cells.add(
          behaviour.equals("503")
              ? String.format(Locale.ROOT, "0 (%,d answered 503)", refused)
              : "0");
      cells.addAll(List.of("-", "-", "-", "-", "-", "-"));
      return row(cells.toArray(String[]::new));
    }
    long complete =
        group.stream().filter(r -> r.sink(sink).path("events").asLong() >= r.sent()).count();
    OptionalDouble p99 = median(group, r -> ofAll(r, sink, "p99"));
    String waited = waited(group, sink);
    cells.add(number(median(group, r -> r.sink(sink).path("events").asDouble()), "%,.0f"));
    cells.add(complete + "/" + group.size());
    cells.add(latency(median(group, r -> ofAll(r, sink, "p50")), waited));
    cells.add(latency(p99, waited));
    cells.add(latency(median(group, r -> ofAll(r, sink, "p999")), waited));
    cells.add(latency(median(group, r -> max(r, sink)), waited));
    cells.add(ratioToHealthy(scenario, rate, sink, p99, groups));
    return row(cells.toArray(String[]::new));
  }

  /** The p99 of a receiver over its p99 in the healthy scenario at the same rate. */
  private static String ratioToHealthy(
      String scenario,
      int rate,
      String sink,
      OptionalDouble p99,
      Map<String, Map<Integer, List<DeliveryRun>>> groups) {
    List<DeliveryRun> healthy = groups.getOrDefault(HEALTHY, Map.of()).get(rate);
    if (scenario.equals(HEALTHY) || healthy == null) {
      return "-";
    }
    OptionalDouble reference = median(healthy, r -> ofAll(r, sink, "p99"));
    if (p99.isEmpty() || reference.isEmpty() || reference.getAsDouble() <= 0) {
      return "-";
    }
    if (Double.isInfinite(p99.getAsDouble()) || Double.isInfinite(reference.getAsDouble())) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.2fx", p99.getAsDouble() / reference.getAsDouble());
  }

  private static String describe(String behaviour) {
    return switch (behaviour) {
      case "refuse" -> "down: connections refused";
      case "503" -> "down: answers 503";
      default -> behaviour;
    };
  }

  private static Set<String> sinkNames(List<DeliveryRun> group) {
    Set<String> names = new LinkedHashSet<>();
    group.forEach(r -> names.addAll(r.sinkNames()));
    return names;
  }

  /**
   * A percentile over every event sent in the measured phase (see the receivers' {@code ofAllMs}):
   * infinite when it falls among the events that had not arrived by the report.
   */
  private static double ofAll(DeliveryRun run, String sink, String field) {
    JsonNode s = run.sink(sink);
    if (s.isMissingNode()) {
      return Double.NaN;
    }
    JsonNode v = s.path("ofAllMs").path(field);
    return v.isNumber() ? v.asDouble() : Double.POSITIVE_INFINITY;
  }

  private static double max(DeliveryRun run, String sink) {
    JsonNode s = run.sink(sink);
    if (s.isMissingNode()) {
      return Double.NaN;
    }
    return s.path("events").asLong() < run.sent()
        ? Double.POSITIVE_INFINITY
        : s.path("latencyMs").path("max").asDouble();
  }

  /** The least time the receivers' reports came after the measured phase, in seconds. */
  private static String waited(List<DeliveryRun> group, String sink) {
    double least =
        group.stream()
            .mapToDouble(r -> r.sink(sink).path("waitedMs").asDouble(Double.NaN))
            .filter(v -> !Double.isNaN(v))
            .min()
            .orElse(Double.NaN);
    return Double.isNaN(least) ? "?" : String.format(Locale.ROOT, "%,.0f s", least / 1_000);
  }

  private static String latency(OptionalDouble ms, String waited) {
    if (ms.isPresent() && Double.isInfinite(ms.getAsDouble())) {
      return "> " + waited;
    }
    return number(ms, "%,.1f");
  }

  private static OptionalDouble median(List<DeliveryRun> runs, ToDoubleFunction<DeliveryRun> f) {
    double[] values = runs.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).sorted().toArray();
    return ScenarioRuns.medianOfSorted(values);
  }

  private static String number(OptionalDouble value, String format) {
    return value.isEmpty() ? "-" : String.format(Locale.ROOT, format, value.getAsDouble());
  }

  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }
}
