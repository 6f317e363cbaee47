package io.tributary.bench.load;

import io.tributary.bench.payload.PayloadPool;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * One load run: renders the payloads, runs the warm-up and measured phases of the configured loop
 * (with visibility probes alongside when an admin token is given) and summarises the result.
 */
public final class LoadRun {

  private final LoadConfig config;

  /**
   * @param config the run's parameters
   */
  public LoadRun(LoadConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Runs to completion; takes warm-up plus duration plus the time to drain the last requests.
   *
   * @return the measured result; problems on the server side are counted in it, not thrown
   * @throws IllegalStateException if the generator itself failed
   */
  public RunResult execute() throws InterruptedException {
    String runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    Instant startedAt = Instant.now();
    PayloadPool pool =
        PayloadPool.generate(
            runId,
            config.users(),
            config.batchSize(),
            config.poolBatches(),
            config.seed(),
            startedAt,
            config.sentAt());
    LoadStats stats = new LoadStats();
    try (HttpClient http = IngestClient.newHttpClient()) {
      IngestClient client =
          new IngestClient(http, config.targets(), config.writeKey(), config.requestTimeout());
      MeasurementWindow window = MeasurementWindow.startingNow(config.warmup(), config.duration());
      BatchSender sender = new BatchSender(client, new BackoffGate(), stats, window);
      FutureTask<ProbeStats.Snapshot> probes = startProbes(client, runId, window);
      switch (config.mode()) {
        case CLOSED -> new ClosedLoop(pool, sender, window, config.concurrency()).run();
        case OPEN ->
            new OpenLoop(
                    pool,
                    sender,
                    stats,
                    window,
                    config.rate(),
                    config.batchSize(),
                    config.maxOutstanding())
                .run();
      }
      ProbeStats.Snapshot probeResult = probes == null ? null : awaitProbes(probes);
      return summarise(
          runId, startedAt, pool, window, stats.snapshot(), probeResult, client.batchesSentPerTarget());
    }
  }

  private FutureTask<ProbeStats.Snapshot> startProbes(
      IngestClient client, String runId, MeasurementWindow window) {
    if (config.probeToken().isEmpty()) {
      return null;
    }
    ProfileProbes probes =
        new ProfileProbes(client, config.probeToken().get(), runId, config.probeInterval(), window);
    FutureTask<ProbeStats.Snapshot> task = new FutureTask<>(probes::run);
    Thread.ofPlatform().name("visibility-probes-" + runId).daemon().start(task);
    return task;
  }

  private static ProbeStats.Snapshot awaitProbes(FutureTask<ProbeStats.Snapshot> probes)
      throws InterruptedException {
    try {
      return probes.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("The visibility probes failed unexpectedly", e.getCause());
    }
  }

  private RunResult summarise(
      String runId,
      Instant startedAt,
      PayloadPool pool,
      MeasurementWindow window,
      LoadStats.Snapshot stats,
      ProbeStats.Snapshot probes,
      Map<String, Long> batchesPerTarget) {
    double configuredSeconds = config.duration().toNanos() / 1e9;
    double measuredSeconds =
        stats.lastCompletionNanos() == Long.MIN_VALUE
            ? configuredSeconds
            : Math.max(
                configuredSeconds,
                (stats.lastCompletionNanos() - window.measureStartNanos()) / 1e9);
    return new RunResult(
        runId,
        startedAt.toString(),
        config.mode().name().toLowerCase(Locale.ROOT),
        config.targets().stream().map(URI::toString).collect(Collectors.joining(",")),
        new RunResult.Settings(
            config.batchSize(),
            config.concurrency(),
            config.rate(),
            config.maxOutstanding(),
            configuredSeconds,
            config.warmup().toNanos() / 1e9,
            config.users(),
            config.seed(),
            config.sentAt()),
        new RunResult.Environment(
            Runtime.version().toString(), Runtime.getRuntime().availableProcessors()),
        new RunResult.Payload(round(pool.meanEventBytes()), round(pool.meanBatchBytes())),
        new RunResult.Window(
            window.epochMicros(window.measureStartNanos()),
            window.epochMicros(window.measureEndNanos())),
        round(measuredSeconds),
        round(stats.acceptedEvents() / measuredSeconds),
        stats.acceptedEvents(),
        new RunResult.Requests(
            stats.acceptedRequests(),
            stats.rejectedRequests(),
            stats.errorRequests(),
            stats.throttledAnswers(),
            stats.skippedSends(),
            stats.lateSends()),
        batchesPerTarget.size() > 1 ? batchesPerTarget : null,
        LatencySummary.fromMicros(stats.ackLatencyMicros()),
        probes == null
            ? null
            : new RunResult.Probes(
                probes.started(),
                probes.visible(),
                probes.timedOut(),
                probes.failed(),
                probes.skipped(),
                probes.firstProblem(),
                LatencySummary.fromMicros(probes.visibilityMicros())),
        stats.statusCounts(),
        stats.firstProblem());
  }

  private static double round(double value) {
    return Math.round(value * 1_000) / 1_000.0;
  }
}
