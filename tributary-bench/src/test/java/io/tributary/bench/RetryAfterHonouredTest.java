package io.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A 503 with {@code Retry-After: 1} silences the generator for a second, then it carries on. */
class RetryAfterHonouredTest {

  private static final long ONE_SECOND = 1_000_000_000L;

  @TempDir Path dir;

  @Test
  @Timeout(30)
  void shouldSendNothingUntilRetryAfterHasPassedInTheClosedLoop() throws Exception {
    try (FakeIngestServer server = FakeIngestServer.throttlingFirst(1)) {
      // when
      JsonNode result =
          LoadGeneratorRunner.run(
              dir.resolve("closed.json"),
              "--url",
              server.url(),
              "--write-key",
              FakeIngestServer.WRITE_KEY,
              "--mode",
              "closed",
              "--concurrency",
              "1",
              "--batch",
              "5",
              "--duration",
              "2s",
              "--warmup",
              "0s",
              "--pool-batches",
              "4");

      // then
      List<Long> arrivals = server.arrivalNanos();
      assertThat(arrivals).hasSizeGreaterThan(2);
      assertThat(arrivals.get(1) - arrivals.get(0))
          .as("gap after the 503, in ns")
          .isGreaterThanOrEqualTo(ONE_SECOND - 5_000_000L);
      assertThat(result.path("requests").path("throttledAnswers").asLong()).isEqualTo(1);
      assertThat(result.path("statusCounts").path("503").asLong()).isEqualTo(1);
      assertThat(result.path("requests").path("errors").asLong()).isZero();
      assertThat(result.path("acceptedEvents").asLong()).isEqualTo(server.acceptedEvents());
      assertThat(result.path("ackLatencyMs").path("max").asDouble())
          .as("the throttled batch was retried and its wait counted")
          .isGreaterThanOrEqualTo(995.0);
    }
  }

  @Test
  @Timeout(30)
  void shouldCountTheBackOffInOpenLoopLatencyFromTheDueTime() throws Exception {
    try (FakeIngestServer server = FakeIngestServer.throttlingFirst(1)) {
      // when: one request every 50 ms; the first is throttled for a second
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
              "100",
              "--batch",
              "5",
              "--duration",
              "2s",
              "--warmup",
              "0s",
              "--pool-batches",
              "4");

      // then: sends due during the pause waited, and their latency says so
      List<Long> arrivals = server.arrivalNanos();
      assertThat(arrivals.get(1) - arrivals.get(0))
          .as("gap after the 503, in ns")
          .isGreaterThanOrEqualTo(ONE_SECOND - 5_000_000L);
      JsonNode latency = result.path("ackLatencyMs");
      assertThat(latency.path("max").asDouble()).isGreaterThanOrEqualTo(950.0);
      assertThat(latency.path("p90").asDouble())
          .as("p90 of 40 sends, 20 of which were due during the one-second pause")
          .isGreaterThanOrEqualTo(500.0);
      assertThat(result.path("acceptedEvents").asLong()).isEqualTo(200L);
    }
  }
}
