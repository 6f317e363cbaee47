package io.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.bench.baseline.BaselineConfig;
import io.tributary.bench.baseline.RecordFile;
import io.tributary.bench.baseline.RunningBaseline;
import io.tributary.bench.load.ResultJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The closed loop against a real baseline: what the generator counts is what is on disk. */
class ClosedLoopAgainstBaselineTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  @Test
  @Timeout(30)
  void shouldCountExactlyTheEventsTheBaselineMadeDurable() throws Exception {
    // given
    Path file = dir.resolve("baseline.log");
    Path out = dir.resolve("result.json");
    int exit;
    try (RunningBaseline baseline =
        RunningBaseline.start(BaselineConfig.of("127.0.0.1", 0, file, "test-key"))) {
      // when
      exit =
          LoadGenerator.commandLine()
              .execute(
                  "--url", "http://127.0.0.1:" + baseline.port(),
                  "--write-key", "test-key",
                  "--mode", "closed",
                  "--batch", "20",
                  "--concurrency", "4",
                  "--duration", "2s",
                  "--warmup", "0s",
                  "--users", "500",
                  "--pool-batches", "16",
                  "--out", out.toString());
    }

    // then
    assertThat(exit).as("exit code").isZero();
    AtomicLong eventsOnDisk = new AtomicLong();
    Set<String> messageIds = new HashSet<>();
    long recordsOnDisk =
        RecordFile.forEach(
            file,
            record -> {
              for (JsonNode event : parse(record).path("batch")) {
                eventsOnDisk.incrementAndGet();
                messageIds.add(event.path("messageId").asText());
              }
            });
    JsonNode result = ResultJson.read(out);
    assertThat(result.path("acceptedEvents").asLong())
        .as("accepted events reported vs events on disk")
        .isPositive()
        .isEqualTo(eventsOnDisk.get());
    assertThat(result.path("requests").path("accepted").asLong()).isEqualTo(recordsOnDisk);
    assertThat(result.path("ackLatencyMs").path("count").asLong())
        .as("latency samples vs records on disk")
        .isEqualTo(recordsOnDisk);
    assertThat(result.path("requests").path("errors").asLong()).isZero();
    assertThat(result.path("requests").path("rejected").asLong()).isZero();
    assertThat(messageIds).as("distinct message ids").hasSize((int) eventsOnDisk.get());
    // measuredSeconds is written rounded to the millisecond: allow that much relative error.
    assertThat(result.path("eventsPerSecond").asDouble())
        .isCloseTo(eventsOnDisk.get() / result.path("measuredSeconds").asDouble(), withinPercentage(0.2));
  }

  private static JsonNode parse(byte[] record) {
    try {
      return MAPPER.readTree(record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
