package io.tributary.bench;

import io.tributary.bench.sink.RunningSinks;
import io.tributary.bench.sink.SinkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Webhook receivers for the delivery benchmark, in one process: each answers {@code POST /hook}
 * with 200 at once and records when the request arrived and when its event was sent to the hub
 * ({@code sent_at_us}, stamped by the load generator with {@code --sent-at}); or, to play a
 * destination that is down, answers 503 or refuses connections. A control port reports the latency
 * from send to arrival over any window of send times.
 *
 * <pre>
 * java -cp 'target/classes:target/lib/*' io.tributary.bench.WebhookSink --control-port 18100 \
 *     --sink hook-a=18101 --sink hook-b=18102 --sink hook-c=18103:refuse
 * curl 'http://127.0.0.1:18100/report?from_us=...&amp;to_us=...'
 * </pre>
 *
 * <p>Runs until terminated (SIGTERM or Ctrl-C).
 */
@Command(
    name = "webhook-sink",
    mixinStandardHelpOptions = true,
    description = "Webhook receivers that measure ingest-to-delivery latency.",
    sortOptions = false)
public final class WebhookSink implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--sink",
      required = true,
      paramLabel = "NAME=PORT[:BEHAVIOUR]",
      description =
          "A receiver (repeatable): its name, its port and up (answer 200, the default), 503"
              + " (answer 503) or refuse (do not listen).")
  List<String> sinks;

  @Option(
      names = "--control-port",
      defaultValue = "18100",
      description = "Port of the report API (default: ${DEFAULT-VALUE}).")
  int controlPort;

  /** Starts the receivers; see the class documentation. */
  public static void main(String[] args) {
    int exit = new CommandLine(new WebhookSink()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  @Override
  public Integer call() throws Exception {
    List<SinkSpec> specs = new ArrayList<>();
    try {
      for (String s : sinks) {
        specs.add(SinkSpec.parse(s));
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    RunningSinks running = RunningSinks.start(specs, controlPort);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("webhook-sink-shutdown")
                .unstarted(
                    () -> {
                      running.close();
                      stopped.countDown();
                    }));
    for (SinkSpec s : specs) {
      System.out.printf(
          Locale.ROOT,
          "receiver %s: %s%n",
          s.name(),
          s.behaviour() == SinkSpec.Behaviour.REFUSE
              ? "port " + s.port() + " closed (connections refused)"
              : "http://127.0.0.1:" + running.port(s.name()) + "/hook, " + s.behaviour().label());
    }
    System.out.printf(Locale.ROOT, "report on http://127.0.0.1:%d/report%n", running.controlPort());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
