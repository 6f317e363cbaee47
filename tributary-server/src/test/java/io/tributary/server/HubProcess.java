package io.tributary.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hub in a separate JVM, started through the real CLI ({@code tributary serve}) with {@code
 * TRIBUTARY_*} environment variables, so that it can be killed with SIGKILL.
 */
final class HubProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

  private final Process process;
  private final int port;
  private final List<String> output;

  private HubProcess(Process process, int port, List<String> output) {
    this.process = process;
    this.port = port;
    this.output = output;
  }

  /** The last lines the hub has printed so far, for failure messages. */
  String outputTail(int lines) {
    synchronized (output) {
      return String.join("\n", output.subList(Math.max(0, output.size() - lines), output.size()));
    }
  }

  static HubProcess start(Path dataDir, Map<String, String> env) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    var pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        "io.tributary.server.cli.Main", "serve");
    pb.environment().keySet().removeIf(k -> k.startsWith("TRIBUTARY_"));
    pb.environment().putAll(env);
    pb.environment().put("TRIBUTARY_DATA_DIR", dataDir.toString());
    pb.environment().put("TRIBUTARY_HTTP_HOST", "127.0.0.1");
    pb.environment().put("TRIBUTARY_HTTP_PORT", "0");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Integer> port = new CompletableFuture<>();
    List<String> lines = new ArrayList<>();
    Thread.ofPlatform().daemon().name("hub-output").start(() -> {
      try {
        String line;
        while ((line = reader.readLine()) != null) {
          synchronized (lines) {
            lines.add(line);
          }
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
        }
        port.completeExceptionally(new IllegalStateException("The hub exited before listening: " + lines));
      } catch (IOException e) {
        port.completeExceptionally(e);
      }
    });
    try {
      return new HubProcess(p, port.get(60, TimeUnit.SECONDS), lines);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IllegalStateException("The hub did not start: " + lines, e);
    }
  }

  int port() {
    return port;
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
