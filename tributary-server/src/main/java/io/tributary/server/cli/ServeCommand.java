package io.tributary.server.cli;

import io.tributary.server.Hub;
import io.tributary.server.HubSettings;
import io.tributary.server.config.ConfigException;
import io.tributary.server.config.TributaryConfig;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tributary serve}: runs the hub until interrupted. */
@Command(name = "serve", description = "Start the hub (embedded storage under the data dir by default).")
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--config", description = "YAML configuration file. Settings can also be given as TRIBUTARY_* environment variables.")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    TributaryConfig cfg;
    try {
      cfg = TributaryConfig.load(Optional.ofNullable(config), System.getenv());
    } catch (ConfigException e) {
      System.err.println("The configuration is invalid:");
      e.problems().forEach(p -> System.err.println("  - " + p));
      return 2;
    }
    HubSettings settings = HubSettingsFromConfig.of(cfg);
    Hub hub = Hub.start(settings, InstantSource.system());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("shutdown")
                .unstarted(
                    () -> {
                      hub.close();
                      // java.util.logging is already shut down in a shutdown hook: print instead.
                      System.out.println("Tributary stopped; every acknowledged event is in the log.");
                      stopped.countDown();
                    }));
    String host = settings.host().equals("0.0.0.0") ? "localhost" : settings.host();
    System.out.println("Tributary " + VersionCommand.version() + " is listening on http://" + host + ":" + hub.port());
    switch (settings.storage()) {
      case io.tributary.server.Storage.Embedded e ->
          System.out.println("  data dir:     " + settings.dataDir().toAbsolutePath().normalize());
      case io.tributary.server.Storage.KafkaPostgres kp -> {
        System.out.println("  event log:    Kafka topic '" + kp.kafka().topic() + "' at " + kp.kafka().bootstrapServers()
            + " (group '" + kp.kafka().groupId() + "', client id '" + kp.kafka().clientId() + "')");
        System.out.println("  state:        " + kp.postgres());
      }
    }
    // Only generated credentials are shown: configured ones are already known to whoever set
    // them, and start-up output often ends up in collected logs.
    if (settings.adminToken().isPresent()) {
      System.out.println("  admin token:  (as configured)");
    } else {
      System.out.println("  admin token:  " + hub.adminToken() + "   (generated, kept in the data dir)");
    }
    if (settings.sources().isEmpty()) {
      for (HubSettings.Source s : hub.sources()) {
        System.out.println("  source '" + s.id() + "' write key: " + s.writeKey() + "   (generated demo source)");
      }
    } else {
      System.out.println("  sources:      " + hub.sources().stream().map(HubSettings.Source::id).toList() + " (write keys as configured)");
    }
    System.out.println("  destinations: " + (hub.destinations().isEmpty() ? "none yet (define them in the configuration or with PUT /v1/destinations/{name})" : hub.destinations()));
    System.out.println("  health:       http://" + host + ":" + hub.port() + "/health");
    System.out.println("Try it: ./tributary demo   (in another terminal). Stop with Ctrl-C.");
    System.out.flush();
    stopped.await();
    return 0;
  }
}
