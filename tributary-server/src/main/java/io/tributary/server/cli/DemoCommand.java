package io.tributary.server.cli;

import io.tributary.server.demo.RetailDemo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tributary demo}: sends the retail scenario to a running hub through its public API. */
@Command(
    name = "demo",
    description = {
      "Send a retail scenario through the public HTTP API of a running hub: anonymous browsing,",
      "sign-up, an order, a card payment, and a second device of the same customer; then show",
      "the unified profile."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--url", defaultValue = "http://localhost:8088", description = "The hub's base URL (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(names = "--write-key", description = "A source's write key (default: the demo source's, read from the data dir).")
  String writeKey;

  @Option(names = "--admin-token", description = "The admin token, to show the profile (default: read from the data dir).")
  String adminToken;

  @Option(names = "--data-dir", defaultValue = "${env:TRIBUTARY_DATA_DIR:-./data}", description = "Where a local hub keeps its secrets (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Properties secrets = new Properties();
    Path file = dataDir.resolve("secrets.properties");
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        secrets.load(in);
      }
    }
    String key = writeKey != null ? writeKey : secrets.getProperty("demo.write-key");
    String token = adminToken != null ? adminToken : secrets.getProperty("admin.token");
    if (key == null) {
      System.err.println("No write key: pass --write-key, or run the demo beside a hub started with './tributary serve'.");
      return 2;
    }
    return new RetailDemo(url, key, token, System.out).run() ? 0 : 1;
  }
}
