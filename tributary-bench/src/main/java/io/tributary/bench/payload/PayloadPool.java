package io.tributary.bench.payload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed set of pre-rendered batches, handed out round-robin with fresh message ids. Safe for
 * concurrent use.
 */
public final class PayloadPool {

  /** One request body ready to send. */
  public record Batch(byte[] body, int events) {}

  private final BatchTemplate[] templates;
  private final String runId;
  private final AtomicLong nextTemplate = new AtomicLong();
  private final AtomicLong nextSequence = new AtomicLong();
  private final long eventBytes;
  private final long eventCount;

  private PayloadPool(BatchTemplate[] templates, String runId, long eventBytes, long eventCount) {
    this.templates = templates;
    this.runId = runId;
    this.eventBytes = eventBytes;
    this.eventCount = eventCount;
  }

  /**
   * Renders {@code batches} batches of {@code batchSize} events about people drawn uniformly from a
   * pool of {@code users}, without send times.
   *
   * @param runId 8 characters that prefix every message id of this run
   * @param users size of the people pool, at least 1
   * @param batchSize events per batch, at least 1
   * @param batches how many distinct batches to render, at least 1
   * @param seed makes the events reproducible
   * @param timestamp the {@code timestamp} every event carries
   */
  public static PayloadPool generate(
      String runId, int users, int batchSize, int batches, long seed, Instant timestamp) {
    return generate(runId, users, batchSize, batches, seed, timestamp, false);
  }

  /**
   * Like {@link #generate(String, int, int, int, long, Instant)}; with {@code sentAt} every event
   * also carries its send time in {@code context.sent_at_us}, stamped by {@link #next(long)}.
   */
  public static PayloadPool generate(
      String runId,
      int users,
      int batchSize,
      int batches,
      long seed,
      Instant timestamp,
      boolean sentAt) {
    if (users < 1 || batchSize < 1 || batches < 1) {
      throw new IllegalArgumentException(
          "Expected users, batchSize and batches >= 1, but were %d, %d, %d"
              .formatted(users, batchSize, batches));
    }
    ObjectMapper mapper = new ObjectMapper();
    SplittableRandom random = new SplittableRandom(seed);
    RetailEvents events = new RetailEvents(random, timestamp, sentAt);
    BatchTemplate[] templates = new BatchTemplate[batches];
    long eventBytes = 0;
    try {
      for (int b = 0; b < batches; b++) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode array = root.putArray("batch");
        for (int e = 0; e < batchSize; e++) {
          ObjectNode event = events.next(SyntheticPerson.of(random.nextInt(users), seed));
          eventBytes += mapper.writeValueAsBytes(event).length;
          array.add(event);
        }
        templates[b] = BatchTemplate.of(mapper.writeValueAsBytes(root));
      }
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Could not render a synthetic event", e);
    }
    return new PayloadPool(templates, runId, eventBytes, (long) batches * batchSize);
  }

  /** The next batch, with message ids no other call of this pool returns, sent now. */
  public Batch next() {
    Instant now = Instant.now();
    return next(now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000);
  }

  /**
   * The next batch, with message ids no other call of this pool returns.
   *
   * @param sentAtMicros the send time its events carry, if they carry one (microseconds since the
   *     epoch)
   */
  public Batch next(long sentAtMicros) {
    BatchTemplate template =
        templates[(int) Math.floorMod(nextTemplate.getAndIncrement(), (long) templates.length)];
    long first = nextSequence.getAndAdd(template.events());
    return new Batch(template.stamp(runId, first, sentAtMicros), template.events());
  }

  /** Mean size of one rendered event in bytes, without the batch wrapper. */
  public double meanEventBytes() {
    return (double) eventBytes / eventCount;
  }

  /** Mean size of one request body in bytes. */
  public double meanBatchBytes() {
    long total = 0;
    for (BatchTemplate template : templates) {
      total += template.size();
    }
    return (double) total / templates.length;
  }
}
