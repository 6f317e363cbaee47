package io.tributary.bench;

import io.tributary.bench.load.LoadConfig;
import io.tributary.bench.load.LoadMode;
import io.tributary.bench.load.LoadRun;
import io.tributary.bench.load.ResultJson;
import io.tributary.bench.load.ResultReport;
import io.tributary.bench.load.RunResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Command-line load generator for the Segment-spec ingest API of the hub or the baseline.
 *
 * <pre>
 * java -cp 'target/classes:target/lib/*' io.tributary.bench.LoadGenerator \
 *     --url http://127.0.0.1:8088 --write-key K --mode closed --batch 100 --concurrency 8 \
 *     --duration 30s --warmup 10s --out results.json
 * </pre>
 *
 * <p>Exit code 0 when the run completed (whatever the server answered), 1 when the generator itself
 * failed, 2 for invalid arguments.
 */
@Command(
    name = "load-generator",
    mixinStandardHelpOptions = true,
    description = "Sends synthetic retail events to POST /v1/batch and measures the answers.",
    sortOptions = false)
public final class LoadGenerator implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      split = ",",
      paramLabel = "URL",
      description =
          "Server base URL (default: ${DEFAULT-VALUE}). Repeat it or separate URLs with commas to"
              + " load several instances of one hub; requests go to them in turn.",
      defaultValue = "http://127.0.0.1:8088")
  List<URI> urls;

  @Option(names = "--write-key", required = true, description = "Source write key (Basic auth).")
  String writeKey;

  @Option(
      names = "--mode",
      defaultValue = "closed",
      description = "closed (max throughput) or open (fixed rate) (default: ${DEFAULT-VALUE}).")
  LoadMode mode;

  @Option(
      names = "--rate",
      defaultValue = "5000",
      description = "Open loop: target events per second (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--batch",
      defaultValue = "100",
      description = "Events per request (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--concurrency",
      defaultValue = "8",
      description = "Closed loop: number of workers (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--max-outstanding",
      defaultValue = "256",
      description =
          "Open loop: requests in flight at most; later sends are skipped and counted"
              + " (default: ${DEFAULT-VALUE}).")
  int maxOutstanding;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Measured phase (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--warmup",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Unmeasured phase before it (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--users",
      defaultValue = "10000",
      description = "Synthetic people the events are about (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(
      names = "--pool-batches",
      defaultValue = "512",
      description = "Distinct batches rendered before the run (default: ${DEFAULT-VALUE}).")
  int poolBatches;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the synthetic payloads (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--admin-token",
      description = "Admin bearer token; enables ingest-to-profile visibility probes.")
  String adminToken;

  @Option(
      names = "--probe-interval",
      defaultValue = "50ms",
      converter = DurationConverter.class,
      description = "Time between visibility probes (default: ${DEFAULT-VALUE}).")
  Duration probeInterval;

  @Option(
      names = "--request-timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "A request unanswered this long is an error (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(
      names = "--sent-at",
      description =
          "Put each event's send time in context.sent_at_us (wall clock, microseconds since the"
              + " epoch; the due time in the open loop), for a webhook receiver to measure"
              + " ingest to delivery. Makes events about 30 bytes longer.")
  boolean sentAt;

  @Option(names = "--out", description = "Write the result as JSON to this file.")
  Path out;

  /** Runs the generator; see the class documentation for arguments and exit codes. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The picocli command line, with the exit codes and converters this tool uses. */
  static CommandLine commandLine() {
    return new CommandLine(new LoadGenerator()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public Integer call() throws Exception {
    RunResult result = new LoadRun(config()).execute();
    System.out.print(ResultReport.format(result));
    if (out != null) {
      ResultJson.write(out, result);
      System.out.println("  result file  " + out.toAbsolutePath());
    }
    return 0;
  }

  /**
   * The run's configuration from the parsed options.
   *
   * @throws CommandLine.ParameterException if the options break one of its rules
   */
  LoadConfig config() {
    try {
      return new LoadConfig(
          urls,
          writeKey,
          mode,
          rate,
          batch,
          concurrency,
          maxOutstanding,
          duration,
          warmup,
          users,
          poolBatches,
          seed,
          adminToken,
          probeInterval,
          requestTimeout,
          sentAt);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
