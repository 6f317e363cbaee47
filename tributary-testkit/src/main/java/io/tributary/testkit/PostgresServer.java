package io.tributary.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, run as a process of its own from the binaries of Debian's
 * {@code postgresql} package ({@code /usr/lib/postgresql/<version>/bin}, the newest version
 * present).
 *
 * <p>Each server has its own data directory under the temporary directory and listens on
 * 127.0.0.1 only, on a port that was free at start, with its Unix socket inside the data
 * directory's parent. The superuser {@value #USER} logs in without a password (trust
 * authentication). fsync stays on, so a commit survives {@link #restart()} as in production.
 * initdb and postgres refuse to run as root: when the JVM runs as root they run as the {@code
 * postgres} system user (which Debian's package creates), through {@code runuser}.
 *
 * <p>Starting one takes about two seconds: test classes share one per JVM through {@link #shared()}
 * and each takes a fresh database with {@link #createDatabase}. A test that stops or restarts the
 * server starts its own with {@link #start()}, so that it disturbs no other test.
 *
 * <p>Thread-safe.
 */
public final class PostgresServer implements AutoCloseable {
  /** The superuser, which needs no password. */
  public static final String USER = "postgres";

  private static final Path PACKAGES = Path.of("/usr/lib/postgresql");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final String DATABASE_NAME = "[a-z][a-z0-9_]{0,62}";

  private static PostgresServer shared;

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final Path log;
  private final int port;
  private final boolean asPostgresUser;
  private Process process;
  private boolean closed;

  private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.log = dir.resolve("postgres.log");
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /**
   * Creates a new data directory and starts a server on it; returns once it accepts connections.
   *
   * @throws IllegalStateException if the PostgreSQL binaries are missing or the server did not
   *     start within a minute; the message includes the end of the server's log
   */
  public static PostgresServer start() {
    Path bin = newestBinaries();
    Path dir = null;
    try {
      boolean root = isRoot();
      dir = Files.createTempDirectory("tributary-pg-");
      if (root) {
        giveToPostgresUser(dir);
      }
      PostgresServer server = new PostgresServer(bin, dir, freePort(), root);
      server.initdb();
      server.launch();
      return server;
    } catch (IOException e) {
      deleteQuietly(dir);
      throw new UncheckedIOException("Could not prepare a PostgreSQL data directory", e);
    } catch (RuntimeException e) {
      deleteQuietly(dir);
      throw e;
    }
  }

  /**
   * The server this JVM's tests share, started at the first call and stopped when the JVM exits.
   * Do not stop, restart or close it: other test classes use it.
   */
  public static synchronized PostgresServer shared() {
    if (shared == null || shared.isClosed()) {
      PostgresServer server = start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-server-stop"));
      shared = server;
    }
    return shared;
  }

  /** The TCP port, the same across restarts. */
  public int port() {
    return port;
  }

  /** The JDBC URL of a database on this server; log in as {@link #USER}, without a password. */
  public String jdbcUrl(String database) {
    Objects.requireNonNull(database, "database");
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /**
   * Creates an empty database.
   *
   * @param name lower-case letters, digits and underscores, starting with a letter; not yet used on
   *     this server
   * @return its JDBC URL
   */
  public String createDatabase(String name) {
    if (!Objects.requireNonNull(name, "name").matches(DATABASE_NAME)) {
      throw new IllegalArgumentException("Expected a database name matching " + DATABASE_NAME + ", but was '" + name + "'");
    }
    try (Connection c = connect("postgres", 10);
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create the database '" + name + "'", e);
    }
    return jdbcUrl(name);
  }

  /**
   * Stops the server with a fast shutdown (open sessions are ended, commits are kept); kills it if
   * it has not stopped within 30 seconds. Does nothing if it is not running.
   */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    try {
      if (process.isAlive()) {
        try {
          run(STOP_TIMEOUT.plusSeconds(5), tool("pg_ctl"), "stop", "-D", data.toString(), "-m", "fast", "-w",
              "-t", Long.toString(STOP_TIMEOUT.toSeconds()));
        } catch (RuntimeException e) {
          // pg_ctl could not stop it: killed below
        }
      }
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
      }
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
    } finally {
      process = null;
    }
  }

  /**
   * Stops the server if it runs, then starts it again on the same port and data directory; returns
   * once it accepts connections. Connections opened before are broken.
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("Expected an open PostgreSQL server to restart, but it was closed");
    }
    stop();
    launch();
  }

  /**
   * Freezes the server and its backends (SIGSTOP) without closing anything: connections stay open
   * and nothing answers, as with a hung server or a network that drops packets. {@link #thaw}
   * resumes it.
   */
  public synchronized void freeze() {
    signal("-STOP");
  }

  /** Resumes a server {@link #freeze frozen} before. */
  public synchronized void thaw() {
    signal("-CONT");
  }

  private void signal(String signal) {
    if (process == null) {
      throw new IllegalStateException("Expected a running PostgreSQL server, but it is stopped");
    }
    List<String> command = new ArrayList<>(List.of("kill", signal));
    command.add(Long.toString(process.pid()));
    process.descendants().forEach(p -> command.add(Long.toString(p.pid())));
    try {
      Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " of the PostgreSQL processes failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run kill " + signal, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while signalling PostgreSQL", e);
    }
  }

  /** Stops the server and deletes its data directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop();
    deleteQuietly(dir);
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  private void initdb() {
    int exit =
        run(START_TIMEOUT, tool("initdb"), "-D", data.toString(), "-U", USER, "--auth=trust", "--encoding=UTF8",
            "--locale=C", "--no-sync");
    if (exit != 0) {
      throw new IllegalStateException("initdb exited with code " + exit + "; its output ends with:\n" + logTail());
    }
  }

  private synchronized void launch() {
    List<String> command =
        command(tool("postgres"), "-D", data.toString(), "-p", Integer.toString(port),
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dir, "-c", "max_connections=200");
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + command.getFirst(), e);
    }
    awaitConnections();
  }

  private void awaitConnections() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "PostgreSQL exited with code " + process.exitValue() + " while starting; its log ends with:\n" + logTail());
      }
      try {
        connect("postgres", 1).close();
        return;
      } catch (SQLException e) {
        last = e; // not accepting connections yet
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for PostgreSQL to start", e);
      }
    }
    kill(process);
    throw new IllegalStateException(
        "Expected PostgreSQL to accept connections on port " + port + " within " + START_TIMEOUT.toSeconds()
            + " s, but it did not (last: " + last + "); its log ends with:\n" + logTail());
  }

  private Connection connect(String database, int timeoutSeconds) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", USER);
    props.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  private Path tool(String name) {
    return bin.resolve(name);
  }

  private List<String> command(Path tool, String... args) {
    List<String> command = new ArrayList<>();
    if (asPostgresUser) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(tool.toString());
    command.addAll(List.of(args));
    return command;
  }

  /** Runs a PostgreSQL tool to its end, its output appended to the log; returns its exit code. */
  private int run(Duration timeout, Path tool, String... args) {
    List<String> command = command(tool, args);
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        throw new IllegalStateException(tool.getFileName() + " did not finish within " + timeout.toSeconds() + " s");
      }
      return p.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run " + tool, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + tool.getFileName(), e);
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Kills a process and everything it started (runuser's child, postgres' backends). */
  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Path newestBinaries() {
    // Elsewhere than Debian: a PostgreSQL whose initdb is on the PATH (Homebrew, other distributions).
    Optional<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .filter(d -> !d.isBlank())
        .map(Path::of)
        .filter(d -> Files.isExecutable(d.resolve("initdb")) && Files.isExecutable(d.resolve("postgres")))
        .findFirst();
    List<Path> found;
    try (Stream<Path> versions = Files.list(PACKAGES)) {
      found =
          versions
              .filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
              .sorted(Comparator.comparing(PostgresServer::versionOf, Arrays::compare))
              .toList();
    } catch (IOException e) {
      found = List.of();
    }
    if (found.isEmpty()) {
      return onPath.orElseThrow(() -> new IllegalStateException(
          "Expected PostgreSQL server binaries at " + PACKAGES + "/<version>/bin/postgres or initdb and postgres"
              + " on the PATH, but found none. Install Debian's postgresql package (.ci/run does:"
              + " apt-get install postgresql), or your system's PostgreSQL server package."));
    }
    return found.getLast().resolve("bin");
  }

  private static int[] versionOf(Path dir) {
    String[] parts = dir.getFileName().toString().split("\\.");
    int[] version = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      version[i] = parts[i].matches("\\d{1,9}") ? Integer.parseInt(parts[i]) : -1;
    }
    return version;
  }

  private static boolean isRoot() throws IOException {
    Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
    String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return uid.equals("0");
  }

  private static void giveToPostgresUser(Path dir) throws IOException {
    UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
    try {
      PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
      view.setOwner(users.lookupPrincipalByName("postgres"));
      view.setGroup(users.lookupPrincipalByGroupName("postgres"));
    } catch (UserPrincipalNotFoundException e) {
      throw new IllegalStateException(
          "Running as root, PostgreSQL must run as the postgres system user, but there is none."
              + " Install Debian's postgresql package (.ci/run does: apt-get install postgresql), which creates it.",
          e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover temporary directory is no reason to fail a test
    }
  }
}
