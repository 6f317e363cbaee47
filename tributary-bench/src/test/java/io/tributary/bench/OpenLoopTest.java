package io.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The open loop sends at the configured rate, spread over the run rather than in a burst. */
class OpenLoopTest {

  @TempDir Path dir;

  @Test
  @Timeout(30)
  void shouldSendRateTimesDurationEventsSpreadOverTheRun() throws Exception {
    try (FakeIngestServer server = FakeIngestServer.throttlingFirst(0)) {
      // when: 1,000 events/s in batches of 10 = one request every 10 ms, for 2 s
      JsonNode result =
          LoadGeneratorRunner.run(
              dir.resolve("open.json"),
              "--url",
              server.url(),
              "--write-key",
              FakeIngestServer.WRITE_KEY,
              "--mode",
              "open",
              "--rate",
              "1000",
              "--batch",
              "10",
              "--duration",
              "2s",
              "--warmup",
              "0s",
              "--pool-batches",
              "8");

      // then
      assertThat(result.path("acceptedEvents").asLong()).isCloseTo(2_000L, withinPercentage(5));
      assertThat(server.acceptedEvents()).isEqualTo(result.path("acceptedEvents").asLong());
      assertThat(result.path("eventsPerSecond").asDouble())
          .isCloseTo(1_000.0, withinPercentage(10));
      assertThat(result.path("requests").path("skipped").asLong()).isZero();
      List<Long> arrivals = server.arrivalNanos();
      long first = arrivals.getFirst();
      long inFirstHalfSecond = arrivals.stream().filter(t -> t - first < 500_000_000L).count();
      assertThat(inFirstHalfSecond)
          .as("requests in the first 0.5 s of a 2 s run at 100 requests/s")
          .isBetween(35L, 65L);
    }
  }
}
