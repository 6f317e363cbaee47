package io.tributary.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryTableTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void shouldTakeMediansPerReceiverAndCompareTheOneDownScenarioWithTheHealthyOne()
      throws Exception {
    // given: three healthy runs and one with receiver c down, at 1,000 events/s
    List<DeliveryRun> runs =
        List.of(
            run("healthy", 1000, 10.0, 20.0),
            run("healthy", 1000, 12.0, 30.0),
            run("healthy", 1000, 11.0, 90.0),
            oneDown(1000, 15.0));

    // when
    String table = DeliveryTable.render(runs);

    // then: a's p99 median 11 in the healthy runs, 15 with c down
    assertThat(line(table, "| healthy | 1,000 | a |"))
        .isEqualTo(
            "| healthy | 1,000 | a | 3 | 1,000 | 1,000 | 3/3 | 1.0 | 11.0 | 12.0 | 30.0 | - |");
    assertThat(line(table, "| one-down | 1,000 | a |")).endsWith("| 15.0 | 16.0 | 20.0 | 1.36x |");
    assertThat(line(table, "| one-down | 1,000 | c (down: connections refused) |"))
        .contains("| 1,000 | 0 | - |");
    assertThat(line(table, "| healthy | 1,000 | 3 |")).contains("| 2.0 | 9.0 |");
  }

  @Test
  void shouldShowPercentilesThatFallAmongEventsNotYetArrivedAsAtLeastTheWait() throws Exception {
    // given: 1,000 sent, 600 arrived: the median is known, the 99th percentile is not
    JsonNode sinks =
        MAPPER.readTree(
            """
            {"sinks":[{"name":"a","behaviour":"up","events":600,"waitedMs":20000,
              "latencyMs":{"count":600,"p50":800.0,"p99":990.0,"p999":999.0,"max":1000.0},
              "ofAllMs":{"p50":900.0,"p99":null,"p999":null}}]}
            """);

    // when
    String table = DeliveryTable.render(List.of(new DeliveryRun("healthy", 5000, result(), sinks)));

    // then
    assertThat(line(table, "| healthy | 5,000 | a |"))
        .isEqualTo(
            "| healthy | 5,000 | a | 1 | 1,000 | 600 | 0/1 | 900.0 | > 20 s | > 20 s | > 20 s | -"
                + " |");
  }

  private static String line(String table, String prefix) {
    return table.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }

  private static DeliveryRun run(String scenario, int rate, double p99, double max)
      throws Exception {
    JsonNode sinks =
        MAPPER.readTree(
            """
            {"sinks":[%s,%s]}
            """
                .formatted(sink("a", "up", 1000, p99, max), sink("c", "up", 1000, p99, max)));
    return new DeliveryRun(scenario, rate, result(), sinks);
  }

  private static DeliveryRun oneDown(int rate, double p99) throws Exception {
    JsonNode sinks =
        MAPPER.readTree(
            """
            {"sinks":[%s,%s]}
            """
                .formatted(sink("a", "up", 1000, p99, 20.0), sink("c", "refuse", 0, 0, 0)));
    return new DeliveryRun("one-down", rate, result(), sinks);
  }

  private static String sink(String name, String behaviour, long events, double p99, double max) {
    return """
    {"name":"%s","behaviour":"%s","events":%d,"refused":0,"waitedMs":5000,
     "latencyMs":{"count":%d,"p50":1.0,"p99":%s,"p999":%s,"max":%s},
     "ofAllMs":{"p50":1.0,"p99":%s,"p999":%s}}
    """
        .formatted(name, behaviour, events, events, p99, p99 + 1, max, p99, p99 + 1);
  }

  private static JsonNode result() throws Exception {
    return MAPPER.readTree(
        """
        {"acceptedEvents":1000,"ackLatencyMs":{"count":10,"p50":2.0,"p99":9.0},
         "requests":{"rejected":0,"errors":0,"skipped":0}}
        """);
  }
}
