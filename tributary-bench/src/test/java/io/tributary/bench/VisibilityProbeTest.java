package io.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Probes time an identify from send start to the first 200 of the profile API. */
class VisibilityProbeTest {

  @TempDir Path dir;

  @Test
  @Timeout(30)
  void shouldMeasureEachProbeUntilItsProfileIsVisible() throws Exception {
    try (FakeIngestServer server = FakeIngestServer.withVisibilityDelay(Duration.ofMillis(40))) {
      // when: 1 s at one probe per 100 ms
      JsonNode result =
          LoadGeneratorRunner.run(
              dir.resolve("probes.json"),
              "--url",
              server.url(),
              "--write-key",
              FakeIngestServer.WRITE_KEY,
              "--admin-token",
              FakeIngestServer.ADMIN_TOKEN,
              "--probe-interval",
              "100ms",
              "--mode",
              "closed",
              "--concurrency",
              "1",
              "--batch",
              "5",
              "--duration",
              "1s",
              "--warmup",
              "0s",
              "--pool-batches",
              "4");

      // then
      JsonNode probes = result.path("probes");
      assertThat(probes.path("started").asLong()).isEqualTo(10);
      assertThat(probes.path("visible").asLong()).isEqualTo(10);
      assertThat(probes.path("timedOut").asLong()).isZero();
      assertThat(probes.path("failed").asLong()).isZero();
      assertThat(probes.path("visibilityMs").path("count").asLong()).isEqualTo(10);
      assertThat(probes.path("visibilityMs").path("p50").asDouble()).isBetween(40.0, 1_000.0);
      assertThat(server.identifiedUserIds())
          .filteredOn(id -> id.startsWith("probe-" + result.path("runId").asText() + "-"))
          .hasSize(10);
    }
  }

  @Test
  @Timeout(30)
  void shouldReportProbesAsFailedWhenTheAdminTokenIsRefused() throws Exception {
    try (FakeIngestServer server = FakeIngestServer.withVisibilityDelay(Duration.ZERO)) {
      // when
      JsonNode result =
          LoadGeneratorRunner.run(
              dir.resolve("refused.json"),
              "--url",
              server.url(),
              "--write-key",
              FakeIngestServer.WRITE_KEY,
              "--admin-token",
              "wrong-token",
              "--probe-interval",
              "200ms",
              "--concurrency",
              "1",
              "--batch",
              "5",
              "--duration",
              "400ms",
              "--warmup",
              "0s",
              "--pool-batches",
              "4");

      // then
      JsonNode probes = result.path("probes");
      assertThat(probes.path("started").asLong()).isEqualTo(2);
      assertThat(probes.path("failed").asLong()).isEqualTo(2);
      assertThat(probes.path("visible").asLong()).isZero();
      assertThat(probes.path("firstProblem").asText()).contains("HTTP 401");
    }
  }
}
