package io.tributary.bench;

import static io.tributary.bench.BenchSupport.deleteTree;
import static io.tributary.bench.BenchSupport.ms;
import static io.tributary.bench.BenchSupport.writtenBytes;

import io.tributary.core.log.LogRecord;
import io.tributary.sqlite.SqliteEventLog;
import io.tributary.sqlite.SqliteLogOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the embedded log's retention costs the appends: each run fills a fresh log with old
 * records, then appends at a fixed rate (batches as ingest sends them) and records how long each
 * append takes to become durable: with nothing to discard ({@code keep}); in the steady state of a
 * retention, the oldest records discarded as fast as new ones come ({@code steady}); and while the
 * writer works off a backlog of records due ({@code catch-up}: a retention switched on over a full
 * log, or shortened). Runs alternate, so that the scenarios see the same machine.
 *
 * <pre>
 * java -cp 'tributary-bench/target/classes:tributary-bench/target/lib/*' io.tributary.bench.LogRetentionBench
 * </pre>
 */
@Command(
    name = "log-retention-bench",
    mixinStandardHelpOptions = true,
    description = "Append latency of the embedded log with and without retention discarding.")
public final class LogRetentionBench implements Callable<Integer> {

  @Mixin StoreLoadOptions load = new StoreLoadOptions();

  @Option(names = "--preload", description = "Old records in the log before each run (default ${DEFAULT-VALUE}).")
  int preload = 1_000_000;

  @Option(names = "--payload-bytes", description = "Bytes per record (default ${DEFAULT-VALUE}).")
  int payloadBytes = 700;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LogRetentionBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path base = load.baseDir("log-retention-bench");
    System.out.printf("preload %,d records of %d bytes; appends of %d at %,d events/s for %d s; %d runs each%n",
        preload, payloadBytes, load.batch, load.rate, load.seconds, load.repetitions);
    System.out.println("| run | scenario | append p50 ms | p99 ms | p99.9 ms | max ms | discarded | discarded/s | written MiB/s | appends over 50 ms, by second |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for (int i = 1; i <= load.repetitions; i++) {
      for (String scenario : List.of("keep", "steady", "catch-up")) {
        Path run = base.resolve(scenario + "-" + i);
        run(i, scenario, run.resolve("log.db"));
        deleteTree(run);
      }
    }
    return 0;
  }

  private void run(int n, String scenario, Path file) throws Exception {
    Random random = new Random(n);
    try (SqliteEventLog log = SqliteEventLog.open(file, SqliteLogOptions.defaults())) {
      for (int done = 0; done < preload; done += 10_000) {
        log.append(records(random, Math.min(10_000, preload - done))).get(60, TimeUnit.SECONDS);
      }
      if (scenario.equals("catch-up")) {
        log.discardBefore(0, log.endPosition(0));
      }
      Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      long discardedBefore = log.discardedEvents();
      long writtenBefore = writtenBytes();
      List<CompletableFuture<long[]>> pending = new ArrayList<>();
      long[] slowPerSecond = new long[load.seconds + 1];
      load.paced((due, start) -> {
        if (scenario.equals("steady")) {
          log.discardBefore(0, log.endPosition(0) - preload); // keeps the newest preload records
        }
        pending.add(log.append(records(random, load.batch)).whenComplete((r, e) -> {
          long took = System.nanoTime() - due;
          synchronized (latency) {
            latency.recordValue(took);
            if (took > TimeUnit.MILLISECONDS.toNanos(50)) {
              slowPerSecond[(int) Math.min(load.seconds, (due - start) / TimeUnit.SECONDS.toNanos(1))]++;
            }
          }
        }));
      });
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      long discarded = log.discardedEvents() - discardedBefore;
      double writtenMiBPerSecond = (writtenBytes() - writtenBefore) / 1048576.0 / load.seconds;
      StringBuilder slow = new StringBuilder();
      for (int sec = 0; sec <= load.seconds; sec++) {
        if (slowPerSecond[sec] > 0) {
          slow.append(slow.isEmpty() ? "" : ", ").append("s").append(sec).append(": ").append(slowPerSecond[sec]);
        }
      }
      System.out.printf("| %d | %s | %.2f | %.2f | %.2f | %.2f | %,d | %,d | %.1f | %s |%n", n, scenario,
          ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)),
          ms(latency.getMaxValue()), discarded, discarded / load.seconds, writtenMiBPerSecond, slow.isEmpty() ? "none" : slow);
    }
  }

  private List<LogRecord> records(Random random, int n) {
    List<LogRecord> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] payload = new byte[payloadBytes];
      random.nextBytes(payload);
      out.add(new LogRecord("web:u-" + random.nextInt(100_000), payload));
    }
    return out;
  }
}
