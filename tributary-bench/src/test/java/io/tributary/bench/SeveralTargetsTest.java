package io.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** With several targets, batches go to each in turn and every accepted event is counted once. */
class SeveralTargetsTest {

  @TempDir Path dir;

  @Test
  @Timeout(30)
  void shouldSendBatchesToEachTargetInTurn() throws Exception {
    try (FakeIngestServer first = FakeIngestServer.throttlingFirst(0);
        FakeIngestServer second = FakeIngestServer.throttlingFirst(0)) {
      // when
      JsonNode result =
          LoadGeneratorRunner.run(
              dir.resolve("two.json"),
              "--url", first.url() + "," + second.url(),
              "--write-key", FakeIngestServer.WRITE_KEY,
              "--mode", "closed",
              "--concurrency", "3",
              "--batch", "5",
              "--duration", "1s",
              "--warmup", "0s",
              "--pool-batches", "4");

      // then
      int toFirst = first.arrivalNanos().size();
      int toSecond = second.arrivalNanos().size();
      assertThat(toFirst).isGreaterThan(10);
      assertThat(Math.abs(toFirst - toSecond)).as("difference of requests per target").isLessThanOrEqualTo(1);
      assertThat(result.path("acceptedEvents").asLong())
          .isEqualTo(first.acceptedEvents() + second.acceptedEvents());
      assertThat(result.path("batchesPerTarget").path(first.url()).asLong()).isEqualTo(toFirst);
      assertThat(result.path("batchesPerTarget").path(second.url()).asLong()).isEqualTo(toSecond);
      assertThat(result.path("url").asText()).isEqualTo(first.url() + "," + second.url());
    }
  }

  @Test
  @Timeout(30)
  void shouldLeaveOutTheSpreadWithOneTarget() throws Exception {
    try (FakeIngestServer server = FakeIngestServer.throttlingFirst(0)) {
      JsonNode result =
          LoadGeneratorRunner.run(
              dir.resolve("one.json"),
              "--url", server.url(),
              "--write-key", FakeIngestServer.WRITE_KEY,
              "--concurrency", "1",
              "--batch", "5",
              "--duration", "300ms",
              "--warmup", "0s",
              "--pool-batches", "4");

      assertThat(result.has("batchesPerTarget")).isFalse();
      assertThat(result.path("url").asText()).isEqualTo(server.url());
    }
  }
}
