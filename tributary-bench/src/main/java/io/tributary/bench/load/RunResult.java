package io.tributary.bench.load;

import java.util.Map;

/**
 * The outcome of one load run, as written to the JSON result file.
 *
 * @param runId 8 hex digits, unique per run; prefixes every message id and probe user id
 * @param startedAt ISO-8601 instant the run started
 * @param url the target's base URL; several are separated by commas
 * @param window the measured phase on the wall clock
 * @param measuredSeconds from the start of the measured phase to the last measured answer, at least
 *     the configured duration
 * @param eventsPerSecond accepted events of the measured phase divided by measured seconds
 * @param batchesPerTarget with several targets: batch requests sent to each, warm-up and retries
 *     included; null with one target
 * @param ackLatencyMs latency of accepted requests; from the due time in the open loop
 * @param probes visibility probes, or null when none ran
 * @param firstProblem the first rejection or error, or null
 */
public record RunResult(
    String runId,
    String startedAt,
    String mode,
    String url,
    Settings settings,
    Environment environment,
    Payload payload,
    Window window,
    double measuredSeconds,
    double eventsPerSecond,
    long acceptedEvents,
    Requests requests,
    Map<String, Long> batchesPerTarget,
    LatencySummary ackLatencyMs,
    Probes probes,
    Map<Integer, Long> statusCounts,
    String firstProblem) {

  /**
   * The run's parameters.
   *
   * @param sentAt whether events carried their send time in {@code context.sent_at_us}
   */
  public record Settings(
      int batchSize,
      int concurrency,
      int rate,
      int maxOutstanding,
      double durationSeconds,
      double warmupSeconds,
      int users,
      long seed,
      boolean sentAt) {}

  /**
   * The measured phase on the wall clock, in microseconds since the epoch: the events whose send
   * time ({@code context.sent_at_us}) lies in {@code [measureStart, measureEnd)} are those of the
   * measured phase.
   */
  public record Window(long measureStartEpochMicros, long measureEndEpochMicros) {}

  /** Where the generator ran. */
  public record Environment(String javaVersion, int availableProcessors) {}

  /** Sizes of what was sent. */
  public record Payload(double meanEventBytes, double meanBatchBytes) {}

  /**
   * Request counters of the measured phase.
   *
   * @param throttledAnswers 429/503 answers; a throttled request is retried and counted again
   * @param skipped open loop: sends not made because too many were outstanding
   * @param late open loop: sends that left more than 1 ms after their due time
   */
  public record Requests(
      long accepted, long rejected, long errors, long throttledAnswers, long skipped, long late) {}

  /**
   * Visibility probe counters and latency from send start to profile visible.
   *
   * @param skipped probes not started because too many were still polling
   */
  public record Probes(
      long started,
      long visible,
      long timedOut,
      long failed,
      long skipped,
      String firstProblem,
      LatencySummary visibilityMs) {}
}
