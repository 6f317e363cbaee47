package io.tributary.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void shouldTakeTheMedianOfEachMetric() throws Exception {
    ScenarioRuns runs =
        new ScenarioRuns(
            "baseline",
            List.of(run("closed", 900, 3), run("closed", 1000, 9), run("closed", 5000, 4)));

    assertThat(runs.eventsPerSecond()).hasValue(1000);
    assertThat(runs.ackLatency("p99")).hasValue(4);
  }

  @Test
  void shouldAverageTheMiddleTwoOfAnEvenCount() throws Exception {
    ScenarioRuns runs =
        new ScenarioRuns("x", List.of(run("closed", 100, 1), run("closed", 200, 2)));

    assertThat(runs.eventsPerSecond()).hasValue(150);
  }

  @Test
  void shouldCompareEachRowWithTheReferenceOfItsMode() throws Exception {
    // given
    ScenarioRuns baseline = new ScenarioRuns("baseline", List.of(run("closed", 1000, 2)));
    ScenarioRuns baselineOpen = new ScenarioRuns("baseline open", List.of(run("open", 400, 4)));
    ScenarioRuns hub = new ScenarioRuns("hub", List.of(run("closed", 500, 5)));
    ScenarioRuns hubOpen = new ScenarioRuns("hub open", List.of(run("open", 400, 12)));
    ScenarioRuns missing = new ScenarioRuns("hub later", List.of());

    // when
    String table =
        ComparisonTable.render(
            List.of(baseline, baselineOpen, hub, hubOpen, missing),
            List.of(baseline, baselineOpen));

    // then
    assertThat(line(table, "| hub |"))
        .startsWith("| hub | 1 | 500 |")
        .endsWith("| 0.50x | 2.50x |");
    assertThat(line(table, "| hub open |")).endsWith("| 1.00x | 3.00x |");
    assertThat(line(table, "| baseline |")).endsWith("| - | - |");
    assertThat(line(table, "| hub later |"))
        .isEqualTo("| hub later | 0 | not yet measured | - | - | - | - | - | - | - | - | - |");
  }

  @Test
  void shouldLeaveOutLatenciesOfRunsWithoutSamples() throws Exception {
    JsonNode noSamples =
        MAPPER.readTree(
            """
            {"mode":"open","eventsPerSecond":0,"ackLatencyMs":{"count":0,"p50":0,"p99":0},
             "probes":{"visibilityMs":{"count":0,"p50":0}}}
            """);
    ScenarioRuns runs = new ScenarioRuns("x", List.of(noSamples));

    assertThat(runs.ackLatency("p99")).isEmpty();
    assertThat(runs.visibility("p50")).isEmpty();
  }

  private static String line(String table, String prefix) {
    return table.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }

  private static JsonNode run(String mode, double eventsPerSecond, double p99) throws Exception {
    return MAPPER.readTree(
        """
        {"mode":"%s","eventsPerSecond":%s,"ackLatencyMs":{"count":10,"p50":1,"p99":%s},
         "requests":{"rejected":0,"errors":0,"skipped":0}}
        """
            .formatted(mode, eventsPerSecond, p99));
  }
}
