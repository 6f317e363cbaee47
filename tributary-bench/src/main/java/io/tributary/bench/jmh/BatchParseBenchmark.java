package io.tributary.bench.jmh;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.bench.payload.PayloadPool;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What parsing a typical 100-event Segment batch costs per event: a full Jackson tree parse (bytes
 * to {@link JsonNode}, as the hub and the baseline do) against a streaming pass over the same
 * tokens. Scores are nanoseconds per event ({@code @OperationsPerInvocation(100)}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class BatchParseBenchmark {

  /** Events per batch, as the load generator's default. */
  static final int EVENTS = 100;

  private final ObjectMapper mapper = new ObjectMapper();
  private byte[] batch;

  /** Renders one batch of synthetic retail events, as the load generator sends them. */
  @Setup
  public void render() {
    batch =
        PayloadPool.generate(
                "0badcafe", 10_000, EVENTS, 1, 42, Instant.parse("2026-03-01T12:00:00Z"))
            .next()
            .body();
  }

  /** Bytes to a full tree, per event. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public JsonNode treeParse() throws IOException {
    return mapper.readTree(batch);
  }

  /** A streaming pass over every token without building a tree, per event: the lower bound. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public int streamingScan() throws IOException {
    int tokens = 0;
    try (JsonParser parser = mapper.getFactory().createParser(batch)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        tokens += token.id();
      }
    }
    return tokens;
  }
}
