package io.tributary.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker for tests, in KRaft mode (broker and controller in one
 * process), running in its own JVM on free loopback ports with its data in a temporary directory.
 *
 * <p>The broker JVM runs {@code kafka.Kafka} from the Maven Central {@code kafka_2.13} artifacts on
 * a classpath that this module's build resolves and ships as a resource, so neither the broker nor
 * Scala is on the tests' classpath; the tests need only {@code kafka-clients}. It runs with the
 * tests' own {@code java} with {@link #TEST_JVM_OPTIONS} unless {@link #create(List)} names others,
 * and writes its output to {@link #logFile()}.
 *
 * <p>A broker never outlives the JVM that started it: a shutdown hook stops it, and the broker
 * exits by itself when that JVM dies without running hooks.
 *
 * <p>Most tests share one broker per JVM ({@link #shared()}) and isolate themselves by topic name.
 * A test may {@link #stop()} and {@link #restart()} the shared broker to test outages, and must
 * leave it running.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KafkaBroker.class.getName());
  private static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration EXIT_HOOK_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final int LOG_TAIL_LINES = 60;
  private static final Set<KafkaBroker> OPEN = ConcurrentHashMap.newKeySet();
  private static KafkaBroker shared;

  /**
   * The broker JVM's memory, collector and compiler for tests: a 512 MB heap and the C1 compiler
   * only, which starts in about half the time on a busy two-core machine and is fast enough after.
   */
  public static final List<String> TEST_JVM_OPTIONS =
      List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(KafkaBroker::stopAllAtExit, "kafka-broker-shutdown"));
  }

  private final Path dir;
  private final Path properties;
  private final String clusterId = Uuid.randomUuid().toString();
  private final int port;
  private final int controllerPort;
  private final boolean isShared;
  private final List<String> jvmOptions;
  private volatile Process process;
  private Duration lastStart = Duration.ZERO;
  private boolean closed;

  private KafkaBroker(boolean isShared, List<String> jvmOptions) {
    this.isShared = isShared;
    this.jvmOptions = List.copyOf(jvmOptions);
    try {
      this.dir = Files.createTempDirectory("tributary-kafka-");
      int[] ports = freePorts(2);
      this.port = ports[0];
      this.controllerPort = ports[1];
      this.properties = dir.resolve("server.properties");
      Files.writeString(properties, serverProperties(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("logging.properties"), LOGGING, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not prepare a directory for a Kafka broker", e);
    }
    OPEN.add(this);
  }

  /** A new broker, not started yet; {@link #close()} it to stop it and delete its data. */
  public static KafkaBroker create() {
    return create(TEST_JVM_OPTIONS);
  }

  /**
   * A new broker, not started yet, whose JVM runs with these options in place of {@link
   * #TEST_JVM_OPTIONS} (a benchmark wants the full JIT, say); {@link #close()} it to stop it and
   * delete its data.
   */
  public static KafkaBroker create(List<String> jvmOptions) {
    return new KafkaBroker(false, Objects.requireNonNull(jvmOptions, "jvmOptions"));
  }

  /**
   * The broker shared by every test in this JVM, started on first use and stopped when the JVM
   * exits. Its {@link #close()} does nothing.
   */
  public static synchronized KafkaBroker shared() {
    if (shared == null) {
      shared = new KafkaBroker(true, TEST_JVM_OPTIONS);
    }
    if (!shared.isRunning()) {
      shared.start();
    }
    return shared;
  }

  /**
   * Starts the broker, formatting its storage on the first start, and returns once it answers
   * admin requests.
   *
   * @throws IllegalStateException if it did not become ready within two minutes; the message ends
   *     with the tail of its output
   */
  public synchronized KafkaBroker start() {
    if (closed) {
      throw new IllegalStateException("Expected an open broker, but it was closed");
    }
    if (isRunning()) {
      return this;
    }
    long started = System.nanoTime();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-Djava.awt.headless=true",
            "--enable-native-access=ALL-UNNAMED",
            "-Djava.util.logging.config.file=" + dir.resolve("logging.properties"),
            "-cp",
            brokerClasspath(),
            KafkaBrokerMain.class.getName(),
            properties.toString(),
            clusterId));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start a Kafka broker JVM: " + command.getFirst(), e);
    }
    awaitReady(started + START_TIMEOUT.toNanos());
    lastStart = Duration.ofNanos(System.nanoTime() - started);
    LOG.log(
        System.Logger.Level.INFO,
        () -> "Kafka broker at " + bootstrapServers() + " ready after " + lastStart.toMillis() + " ms");
    return this;
  }

  /** Where clients connect: {@code 127.0.0.1:port}; the same across restarts. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Creates a topic with replication factor 1 and waits until the controller has created it. */
  public void createTopic(String name, int partitions) {
    Objects.requireNonNull(name, "name");
    try (Admin admin = admin(ADMIN_TIMEOUT)) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Expected to create topic '" + name + "' with " + partitions + " partitions, but it failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic '" + name + "'", e);
    }
  }

  /**
   * Stops the broker gracefully, killing it if it has not exited within 30 seconds. Its data and
   * ports are kept for {@link #start()}.
   */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(
            System.Logger.Level.WARNING,
            "Kafka broker at " + bootstrapServers() + " did not stop within " + STOP_TIMEOUT + "; killing it");
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Stops and starts the broker on the same ports with the same data. */
  public synchronized void restart() {
    stop();
    start();
  }

  /** Whether the broker's process is alive. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** How long the last {@link #start()} took, until the broker answered admin requests. */
  public synchronized Duration lastStartDuration() {
    return lastStart;
  }

  /** The broker JVM's standard output and error, across restarts. */
  public Path logFile() {
    return dir.resolve("broker.log");
  }

  /** Stops the broker and deletes its data. Does nothing on the {@link #shared()} broker. */
  @Override
  public void close() {
    if (isShared) {
      return;
    }
    closeNow();
  }

  private synchronized void closeNow() {
    if (closed) {
      return;
    }
    stop();
    closed = true;
    OPEN.remove(this);
    deleteRecursively(dir);
  }

  private void awaitReady(long deadlineNanos) {
    Exception last = null;
    try (Admin admin = admin(Duration.ofSeconds(2))) {
      while (true) {
        if (!process.isAlive()) {
          throw startFailure("exited with code " + process.exitValue(), last);
        }
        try {
          if (!admin
              .describeCluster(new DescribeClusterOptions().timeoutMs(1_000))
              .nodes()
              .get(2, TimeUnit.SECONDS)
              .isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        }
        if (System.nanoTime() - deadlineNanos > 0) {
          process.destroyForcibly();
          throw startFailure("did not answer within " + START_TIMEOUT, last);
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the Kafka broker to start", e);
    }
  }

  private IllegalStateException startFailure(String what, Exception cause) {
    return new IllegalStateException(
        "Expected the Kafka broker at " + bootstrapServers() + " to start, but it " + what
            + "; the last lines of " + logFile() + ":\n" + logTail(),
        cause);
  }

  private String logTail() {
    try (Stream<String> lines = Files.lines(logFile(), StandardCharsets.UTF_8)) {
      List<String> all = lines.toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - LOG_TAIL_LINES), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(could not read it: " + e + ")";
    }
  }

  private Admin admin(Duration timeout) {
    int millis = (int) timeout.toMillis();
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
            AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
            AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50,
            AdminClientConfig.CLIENT_ID_CONFIG, "testkit-admin"));
  }

  private String serverProperties() {
    String listeners = "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort;
    return String.join(
        "\n",
        "node.id=1",
        "process.roles=broker,controller",
        "listeners=" + listeners,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "inter.broker.listener.name=PLAINTEXT",
        "controller.listener.names=CONTROLLER",
        "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
        "log.dirs=" + dir.resolve("data"),
        "num.partitions=1",
        "default.replication.factor=1",
        "offsets.topic.replication.factor=1",
        // Fewer than the default 50 partitions: the first consumer group then starts faster.
        "offsets.topic.num.partitions=5",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        // Two cores are shared with the tests.
        "num.network.threads=2",
        "num.io.threads=2",
        "background.threads=2",
        "num.recovery.threads.per.data.dir=1",
        "")
        + "\n";
  }

  /** Kafka's output at INFO, but not the hundreds of lines of configuration it prints at start. */
  private static final String LOGGING =
      String.join(
          "\n",
          "handlers=java.util.logging.ConsoleHandler",
          ".level=INFO",
          "java.util.logging.ConsoleHandler.level=ALL",
          "java.util.logging.SimpleFormatter.format=%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n",
          "org.apache.kafka.common.config.AbstractConfig.level=WARNING",
          "kafka.server.KafkaConfig.level=WARNING",
          "org.apache.kafka.common.utils.AppInfoParser.level=WARNING",
          "");

  private static String brokerClasspath() {
    String resolved;
    try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Expected the resource " + CLASSPATH_RESOURCE + " beside " + KafkaBroker.class.getName()
                + ", but it is missing; build tributary-testkit with Maven, which writes it");
      }
      resolved = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the resource " + CLASSPATH_RESOURCE, e);
    }
    try {
      Path testkit = Path.of(KafkaBrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return testkit + java.io.File.pathSeparator + resolved;
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Could not locate the test kit's own classes", e);
    }
  }

  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  private static void stopAllAtExit() {
    // No locks here: a test thread may hold one while the JVM exits.
    for (KafkaBroker broker : OPEN) {
      Process p = broker.process;
      if (p != null) {
        p.destroy();
      }
    }
    long deadline = System.nanoTime() + EXIT_HOOK_TIMEOUT.toNanos();
    for (KafkaBroker broker : OPEN) {
      Process p = broker.process;
      if (p == null) {
        continue;
      }
      try {
        if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          p.destroyForcibly().waitFor(EXIT_HOOK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
      deleteRecursively(broker.dir);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.log(System.Logger.Level.WARNING, "Could not delete the Kafka broker's directory " + root, e);
    }
  }
}
