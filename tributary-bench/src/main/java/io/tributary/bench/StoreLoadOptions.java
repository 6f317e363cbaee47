package io.tributary.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** The load options the storage benchmarks that run in one process share (a picocli mixin). */
final class StoreLoadOptions {
  @Option(names = "--rate", description = "Events (rows) written per second (default ${DEFAULT-VALUE}).")
  int rate = 5_000;

  @Option(names = "--batch", description = "Events per write, as one ingest request or processor batch (default ${DEFAULT-VALUE}).")
  int batch = 100;

  @Option(names = "--seconds", description = "Measured seconds per run (default ${DEFAULT-VALUE}).")
  int seconds = 20;

  @Option(names = {"-n", "--repetitions"}, description = "Runs of each scenario, alternated (default ${DEFAULT-VALUE}).")
  int repetitions = 3;

  @Option(names = "--dir", description = "Where the databases are written (default: a temporary directory).")
  Path dir;

  /** One write of the open loop. */
  interface Write {
    /**
     * @param due when the write was due ({@link System#nanoTime}); latencies are measured from it,
     *     so a stalled writer shows in full
     * @param start when the loop started
     */
    void at(long due, long start) throws Exception;
  }

  /** The open loop: one write of {@code batch} events every {@code batch / rate} s for {@code seconds} s. */
  void paced(Write write) throws Exception {
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) * batch / rate;
    long start = System.nanoTime();
    for (long i = 0; ; i++) {
      long due = start + i * intervalNanos;
      if (due - start >= TimeUnit.SECONDS.toNanos(seconds)) {
        return;
      }
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      write.at(due, start);
    }
  }

  /** {@code --dir}, created if missing, or a new temporary directory named after {@code prefix}. */
  Path baseDir(String prefix) throws IOException {
    return dir != null ? Files.createDirectories(dir) : Files.createTempDirectory(prefix);
  }
}
