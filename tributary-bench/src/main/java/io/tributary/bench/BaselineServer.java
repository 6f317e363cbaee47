package io.tributary.bench;

import io.tributary.bench.baseline.BaselineConfig;
import io.tributary.bench.baseline.RunningBaseline;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The baseline server: the least any durable ingest must do, on the same Helidon SE WebServer as
 * the hub. It answers {@code POST /v1/batch} (and the single-event endpoints) by checking Basic
 * auth, parsing the body into a Jackson tree, appending the raw bytes length-prefixed to a file
 * with group commit and fsync, and answering 200 once durable; a full queue gets 503 with {@code
 * Retry-After}. {@code GET /health} answers 200.
 *
 * <pre>
 * java -cp 'target/classes:target/lib/*' io.tributary.bench.BaselineServer \
 *     --port 8089 --file /tmp/baseline.log --write-key K
 * </pre>
 *
 * <p>Runs until terminated (SIGTERM or Ctrl-C), then drains and closes the file.
 */
@Command(
    name = "baseline-server",
    mixinStandardHelpOptions = true,
    description = "Minimal durable Segment-spec ingest server: the floor for the hub.",
    sortOptions = false)
public final class BaselineServer implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8089",
      description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--file", required = true, description = "Record file to append to.")
  Path file;

  @Option(names = "--write-key", required = true, description = "The write key accepted.")
  String writeKey;

  @Option(
      names = "--queue-capacity",
      defaultValue = "" + BaselineConfig.DEFAULT_QUEUE_CAPACITY,
      description = "Appends waiting for the writer before 503 (default: ${DEFAULT-VALUE}).")
  int queueCapacity;

  @Option(
      names = "--max-group",
      defaultValue = "" + BaselineConfig.DEFAULT_MAX_GROUP_SIZE,
      description = "Appends forced together at most (default: ${DEFAULT-VALUE}).")
  int maxGroup;

  /** Starts the server; see the class documentation. */
  public static void main(String[] args) {
    int exit = new CommandLine(new BaselineServer()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  @Override
  public Integer call() throws Exception {
    BaselineConfig config;
    try {
      config =
          new BaselineConfig(
              host,
              port,
              file,
              writeKey,
              queueCapacity,
              maxGroup,
              BaselineConfig.DEFAULT_MAX_PAYLOAD_BYTES);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    RunningBaseline server = RunningBaseline.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform().name("baseline-shutdown").unstarted(() -> stop(server, stopped)));
    System.out.printf(
        Locale.ROOT,
        "baseline listening on http://%s:%d, appending to %s%n",
        host,
        server.port(),
        file.toAbsolutePath());
    System.out.flush();
    stopped.await();
    return 0;
  }

  private static void stop(RunningBaseline server, CountDownLatch stopped) {
    try {
      server.close();
      System.out.printf(
          Locale.ROOT,
          "baseline stopped: %,d records durable in %,d group commits%n",
          server.durableRecords(),
          server.groupCommits());
    } catch (Exception e) {
      System.err.println("baseline: could not close the record file cleanly: " + e);
    } finally {
      stopped.countDown();
    }
  }
}
