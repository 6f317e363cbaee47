package io.tributary.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.bench.payload.PayloadPool;
import io.tributary.core.event.BatchResult;
import io.tributary.core.event.Event;
import io.tributary.core.event.EventCodec;
import io.tributary.core.event.SegmentParser;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
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
 * What the event log's byte format costs per event: encoding the events of a typical 100-event
 * batch as ingest does before appending them, and decoding them as the processor does, beside the
 * baseline of Jackson writing the request's own tree (the same content, one call). Scores are
 * nanoseconds per event ({@code @OperationsPerInvocation(100)}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class EventCodecBenchmark {

  private final ObjectMapper mapper = new ObjectMapper();
  private JsonNode batch;
  private List<Event> events;
  private byte[][] encoded;

  /** Renders one batch of synthetic retail events, as the load generator sends them, and parses it. */
  @Setup
  public void render() throws IOException {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    batch =
        mapper.readTree(
            PayloadPool.generate("0badcafe", 10_000, BatchParseBenchmark.EVENTS, 1, 42, now)
                .next()
                .body());
    BatchResult parsed =
        new SegmentParser(InstantSource.fixed(now), SegmentParser.DEFAULT_MAX_EVENT_BYTES)
            .parseBatch(batch, "source-bench", now);
    if (!parsed.rejected().isEmpty() || !parsed.batchErrors().isEmpty()) {
      throw new IllegalStateException("The generated batch does not parse: " + parsed.rejected());
    }
    events = parsed.accepted().stream().map(BatchResult.AcceptedItem::event).toList();
    encoded = events.stream().map(EventCodec::encode).toArray(byte[][]::new);
  }

  /** Event to log bytes, per event. */
  @Benchmark
  @OperationsPerInvocation(BatchParseBenchmark.EVENTS)
  public int encode() {
    int bytes = 0;
    for (Event event : events) {
      bytes += EventCodec.encode(event).length;
    }
    return bytes;
  }

  /** Log bytes to event, per event. */
  @Benchmark
  @OperationsPerInvocation(BatchParseBenchmark.EVENTS)
  public int decode() {
    int fields = 0;
    for (byte[] bytes : encoded) {
      fields += EventCodec.decode(bytes).properties().size();
    }
    return fields;
  }

  /** The baseline: Jackson writes the whole request tree in one call, per event. */
  @Benchmark
  @OperationsPerInvocation(BatchParseBenchmark.EVENTS)
  public byte[] jacksonWriteBatch() throws IOException {
    return mapper.writeValueAsBytes(batch);
  }
}
