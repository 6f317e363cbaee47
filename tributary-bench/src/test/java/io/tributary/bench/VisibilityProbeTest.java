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

  /** A closed loop of one connection sending batches of 5, with probes. */
  private JsonNode probeRun(
      FakeIngestServer server,
      String name,
      String adminToken,
      String probeInterval,
      String warmup,
      String duration)
      throws Exception {
    return LoadGeneratorRunner.run(
        dir.resolve(name + ".json"),
        "--url",
        server.url(),
        "--write-key",
        FakeIngestServer.WRITE_KEY,
        "--admin-token",
        adminToken,
        "--probe-interval",
        probeInterval,
        "--mode",
        "closed",
        "--concurrency",
        "1",
        "--batch",
        "5",
        "--duration",
        duration,
        "--warmup",
        warmup,
        "--pool-batches",
        "4");
  }

  @Test
  @Timeout(30)
  void shouldMeasureEachProbeUntilItsProfileIsVisible() throws Exception {
    try (FakeIngestServer server = FakeIngestServer.withVisibilityDelay(Duration.ofMillis(40))) {
      // when: 1 s at one probe per 100 ms
      JsonNode result =
          probeRun(server, "probes", FakeIngestServer.ADMIN_TOKEN, "100ms", "0s", "1s");

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
  void shouldProbeInTheWarmUpWithoutCountingThoseProbes() throws Exception {
    try (FakeIngestServer server = FakeIngestServer.withVisibilityDelay(Duration.ofMillis(10))) {
      // when: 500 ms of warm-up, then 500 ms measured, at one probe per 100 ms
      JsonNode result =
          probeRun(server, "warm", FakeIngestServer.ADMIN_TOKEN, "100ms", "500ms", "500ms");

      // then: the server saw the warm-up's probes too, the results only the measured phase's
      JsonNode probes = result.path("probes");
      assertThat(probes.path("started").asLong()).isEqualTo(5);
      assertThat(probes.path("visible").asLong()).isEqualTo(5);
      assertThat(probes.path("visibilityMs").path("count").asLong()).isEqualTo(5);
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
          probeRun(server, "refused", "wrong-token", "200ms", "0s", "400ms");

      // then
      JsonNode probes = result.path("probes");
      assertThat(probes.path("started").asLong()).isEqualTo(2);
      assertThat(probes.path("failed").asLong()).isEqualTo(2);
      assertThat(probes.path("visible").asLong()).isZero();
      assertThat(probes.path("firstProblem").asText()).contains("HTTP 401");
    }
  }
}
