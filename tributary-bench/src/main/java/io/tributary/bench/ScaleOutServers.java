package io.tributary.bench;

import io.tributary.testkit.KafkaBroker;
import io.tributary.testkit.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Starts the servers the hub's {@code kafka+postgres} mode needs for a benchmark run: a real
 * single-node Kafka broker and a real PostgreSQL server, from the test kit (Maven Central's
 * {@code kafka_2.13}, Debian's PostgreSQL binaries), on free loopback ports with their data in
 * temporary directories.
 *
 * <p>Once both accept connections it prints, one per line, {@code kafka.bootstrap-servers=...},
 * {@code postgres.url=...} (the JDBC URL of the {@code postgres} database), {@code
 * postgres.port=...}, {@code postgres.user=...} and finally {@code ready}. It then runs until its
 * standard input ends or it is told to stop (SIGTERM, SIGINT), and stops both servers, deleting
 * their data. Nothing is ever read from standard input: a script keeps it open while it needs the
 * servers, so they go when the script goes, however it ends.
 *
 * <p>The broker runs with Kafka's own JVM settings of {@code kafka-server-start.sh} (1 GB heap, G1)
 * and the full JIT, not the test kit's start-fast settings. PostgreSQL runs with {@code initdb}'s
 * defaults (fsync and synchronous commit on) and 200 connections.
 *
 * <p>Exit code 0 after a clean stop, 1 when a server did not start.
 */
@Command(
    name = "scale-out-servers",
    mixinStandardHelpOptions = true,
    description =
        "Starts a Kafka broker and a PostgreSQL server, prints where they listen, and stops them"
            + " when standard input ends or on SIGTERM.")
public final class ScaleOutServers implements Callable<Integer> {

  /** Kafka's defaults from {@code kafka-server-start.sh} and {@code kafka-run-class.sh}. */
  static final List<String> BROKER_JVM_OPTIONS =
      List.of(
          "-Xms1g",
          "-Xmx1g",
          "-XX:+UseG1GC",
          "-XX:MaxGCPauseMillis=20",
          "-XX:InitiatingHeapOccupancyPercent=35");

  private volatile PostgresServer postgres;
  private volatile KafkaBroker broker;

  /** Runs until standard input ends or the JVM is told to stop. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ScaleOutServers()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    // On SIGTERM: PostgreSQL is stopped here, the broker by the test kit's own hook.
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopPostgres, "stop-postgres"));
    try {
      postgres = PostgresServer.start();
      broker = KafkaBroker.create(BROKER_JVM_OPTIONS).start();
    } catch (RuntimeException e) {
      System.err.println("A server did not start: " + e.getMessage());
      return 1;
    }
    System.out.println("kafka.bootstrap-servers=" + broker.bootstrapServers());
    System.out.println("postgres.url=" + postgres.jdbcUrl("postgres"));
    System.out.println("postgres.port=" + postgres.port());
    System.out.println("postgres.user=" + PostgresServer.USER);
    System.out.println("ready");
    System.out.flush();
    awaitEndOfInput(System.in);
    broker.close();
    stopPostgres();
    return 0;
  }

  private static void awaitEndOfInput(InputStream in) {
    try {
      while (in.read() >= 0) {
        // whatever arrives is ignored: only the end of input matters
      }
    } catch (IOException e) {
      // a broken pipe ends the input as well
    }
  }

  private synchronized void stopPostgres() {
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
  }
}
