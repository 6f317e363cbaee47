package io.tributary.bench;

import static io.tributary.bench.BenchSupport.deleteTree;
import static io.tributary.bench.BenchSupport.ms;
import static io.tributary.bench.BenchSupport.writtenBytes;

import io.tributary.core.processing.Chunked;
import io.tributary.core.processing.DedupWindow;
import io.tributary.jdbc.JdbcStateStore;
import io.tributary.sqlite.SqliteStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the deduplication window costs the processor on SQLite: each run fills a fresh state store
 * with message ids received long ago, then writes transactions as the processor does (a batch of
 * new ids each, at a fixed rate) and records how long each takes from when it was due, waiting for
 * the one writer included: with nothing to forget ({@code keep}), and while the hub's {@link
 * DedupWindow} forgets a backlog of due ids with the hub's chunk and pause ({@code forget}: a
 * window switched on over a full table, the worst case; in the steady state the hub forgets one
 * minute of ids a minute, the same work in a shorter burst). Runs alternate, so that both see the
 * same machine. Also prints the size of the state store per id kept.
 *
 * <p>{@code --table timeline} measures the same for profile timeline rows (100,000 profiles, the
 * payload left to the log as the embedded store does), deleted by log position in the same chunks,
 * as {@code log.retention-drops-timeline} does after each cut of the log.
 *
 * <pre>
 * java -cp 'tributary-bench/target/classes:tributary-bench/target/lib/*' io.tributary.bench.DedupWindowBench
 * </pre>
 */
@Command(
    name = "dedup-window-bench",
    mixinStandardHelpOptions = true,
    description = "Latency of the state store's transactions with and without the deduplication window forgetting.")
public final class DedupWindowBench implements Callable<Integer> {

  @Mixin StoreLoadOptions load = new StoreLoadOptions();
  private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");

  @Option(names = "--preload", description = "Old message ids in the store before each run (default ${DEFAULT-VALUE}).")
  int preload = 1_000_000;

  @Option(names = "--chunk", description = "Ids forgotten per transaction, as the hub (default ${DEFAULT-VALUE}).")
  int chunk = 250;

  @Option(names = "--pause-ms", description = "Pause between two chunks, as the hub (default ${DEFAULT-VALUE}).")
  int pauseMillis = 10;

  @Option(names = "--table", description = "ids: processed message ids and the deduplication window (default);"
      + " timeline: profile timeline rows, deleted by log position as log.retention-drops-timeline does.")
  String table = "ids";

  /** Timeline rows go to this many profiles, picked at random. */
  private static final int PROFILES = 100_000;
  private final String[] profiles = new String[PROFILES];
  private final java.util.Random random = new java.util.Random(7);
  private long nextPosition = 1;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DedupWindowBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path base = load.baseDir("dedup-window-bench");
    if (!table.equals("ids") && !table.equals("timeline")) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--table: expected ids or timeline, but got " + table);
    }
    for (int i = 0; i < PROFILES; i++) {
      profiles[i] = new UUID(random.nextLong(), random.nextLong()).toString();
    }
    System.out.printf("table %s; preload %,d rows; transactions of %d new rows at %,d rows/s for %d s; forgetting %,d per"
        + " transaction, %d ms apart; %d runs each%n", table, preload, load.batch, load.rate, load.seconds, chunk, pauseMillis, load.repetitions);
    System.out.println("| run | scenario | txn p50 ms | p99 ms | p99.9 ms | max ms | forgotten | forgotten/s | chunk p50 ms | chunk p99 ms | written MiB/s | bytes per row |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int i = 1; i <= load.repetitions; i++) {
      for (String scenario : List.of("keep", "forget")) {
        Path run = base.resolve(scenario + "-" + i);
        Files.createDirectories(run);
        run(i, scenario, run.resolve("state.db"));
        deleteTree(run);
      }
    }
    return 0;
  }

  private void run(int n, String scenario, Path file) throws Exception {
    try (JdbcStateStore store = SqliteStateStore.open(file, 1)) {
      for (int done = 0; done < preload; done += 10_000) {
        int from = done;
        store.inTransaction(tx -> {
          for (int i = from; i < Math.min(from + 10_000, preload); i++) {
            record(tx, LONG_AGO.plusMillis(i));
          }
          return null;
        });
      }
      double bytesPerId = checkpointedSize(file) / (double) preload;
      Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      Histogram chunks = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      // Every preloaded id is due: the window forgets for the whole run, or until none is left.
      var timed = new TimedStore(store, chunks);
      Instant later = LONG_AGO.plus(Duration.ofDays(30));
      var window = new DedupWindow(timed, Duration.ofDays(1), () -> later, chunk, Duration.ofMillis(pauseMillis));
      window.applied(later);
      var timelineDeleted = new java.util.concurrent.atomic.AtomicLong();
      long cut = nextPosition; // every preloaded timeline row is due
      Runnable forget = table.equals("ids") ? window::run : () -> timelineDeleted.addAndGet(
          Chunked.repeat(() -> timed.forgetTimelineBefore(0, cut, chunk), chunk, Duration.ofMillis(pauseMillis)));
      Thread forgetting = scenario.equals("forget") ? Thread.ofPlatform().name("forgetting").start(forget) : null;
      long writtenBefore = writtenBytes();
      load.paced((due, start) -> {
        Instant now = Instant.now();
        store.inTransaction(tx -> {
          for (int k = 0; k < load.batch; k++) {
            record(tx, now);
          }
          return null;
        });
        latency.recordValue(System.nanoTime() - due);
      });
      double writtenMiBPerSecond = (writtenBytes() - writtenBefore) / 1048576.0 / load.seconds;
      if (forgetting != null) {
        forgetting.interrupt();
        forgetting.join();
      }
      long forgotten = window.forgotten() + timelineDeleted.get();
      System.out.printf("| %d | %s | %.2f | %.2f | %.2f | %.2f | %,d | %,d | %s | %s | %.1f | %.0f |%n", n, scenario,
          ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)),
          ms(latency.getMaxValue()), forgotten, forgotten / load.seconds,
          chunks.getTotalCount() == 0 ? "-" : String.format("%.2f", ms(chunks.getValueAtPercentile(50))),
          chunks.getTotalCount() == 0 ? "-" : String.format("%.2f", ms(chunks.getValueAtPercentile(99))),
          writtenMiBPerSecond, bytesPerId);
    }
  }

  /** Records one message as the processor does: its id, or its row in a profile's timeline. */
  private void record(io.tributary.core.state.StateTransaction tx, Instant receivedAt) {
    if (table.equals("ids")) {
      tx.markProcessed("web", UUID.randomUUID().toString(), receivedAt);
    } else {
      long position = nextPosition++;
      tx.appendTimeline(new io.tributary.core.profile.TimelineEntry(
          profiles[random.nextInt(PROFILES)], 0, position, io.tributary.core.event.EventType.TRACK, "Order Completed",
          receivedAt, UUID.randomUUID().toString(), "web", new byte[0]));
    }
  }

  /** The store, timing each chunk forgotten: how long it held the writer, its wait for it included. */
  private record TimedStore(JdbcStateStore store, Histogram chunks) implements io.tributary.core.state.StateStore {
    @Override
    public <T> T inTransaction(java.util.function.Function<io.tributary.core.state.StateTransaction, T> work) {
      return store.inTransaction(work);
    }

    @Override
    public int forgetProcessedBefore(Instant cutoff, int max) {
      long t0 = System.nanoTime();
      int n = store.forgetProcessedBefore(cutoff, max);
      if (n > 0) {
        chunks.recordValue(System.nanoTime() - t0);
      }
      return n;
    }

    @Override
    public int forgetTimelineBefore(int partition, long position, int max) {
      long t0 = System.nanoTime();
      int n = store.forgetTimelineBefore(partition, position, max);
      if (n > 0) {
        chunks.recordValue(System.nanoTime() - t0);
      }
      return n;
    }

    @Override
    public io.tributary.core.state.StateReader reader() {
      return store.reader();
    }

    @Override
    public void close() {}
  }

  /** The database file's size once everything in its WAL has been copied into it. */
  private static long checkpointedSize(Path db) throws IOException, java.sql.SQLException {
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        var st = c.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    return Files.size(db);
  }
}
