package io.tributary.server;

import io.helidon.webserver.WebServer;
import io.tributary.core.event.SegmentParser;
import io.tributary.core.processing.BatchApplier;
import io.tributary.core.processing.BatchApplier.ProcessedEvent;
import io.tributary.core.processing.DedupWindow;
import io.tributary.core.processing.EventProcessor;
import io.tributary.core.processing.ProcessingOutcome;
import io.tributary.core.state.StateStoreException;
import io.tributary.connectors.Connectors;
import io.tributary.core.delivery.DeliveryEngine;
import io.tributary.core.delivery.DestinationCompiler;
import io.tributary.core.delivery.DestinationDefinition;
import io.tributary.core.delivery.InvalidDefinitionException;
import io.tributary.core.delivery.OutboxStep;
import io.tributary.server.http.DestinationService;
import io.tributary.server.http.GzipRequestDecoding;
import io.tributary.server.http.IngestService;
import io.tributary.server.http.OpsService;
import io.tributary.server.http.ProfileService;
import io.tributary.server.http.Sources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One running hub: the embedded log, the state store, the processor and the HTTP server.
 *
 * <p>Start-up order is storage first, then the processor, then HTTP, so the first request can
 * already be made durable; shutdown is the reverse, so every request answered before close was
 * written.
 */
public final class Hub implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Hub.class.getName());
  /** Message ids forgotten in one transaction. */
  private static final int DEDUP_CHUNK = 250;
  private static final Duration DEDUP_PAUSE = Duration.ofMillis(10);

  private final HubSettings settings;
  private final StorageRuntime storage;
  private final WebServer server;
  private final HubMetrics metrics;
  private final DeliveryEngine delivery;
  /** Null when every message id is remembered. */
  private final DedupWindow dedupWindow;
  private final Periodic dedupTask;
  private final String adminToken;
  private final List<HubSettings.Source> sources;

  private Hub(HubSettings settings, InstantSource clock) throws IOException {
    this.settings = settings;
    Files.createDirectories(settings.dataDir());
    Secrets secrets = Secrets.load(settings.dataDir());
    this.adminToken =
        settings.adminToken().isPresent() ? settings.adminToken().get() : secrets.getOrCreate("admin.token", "adm_");
    this.sources =
        settings.sources().isEmpty()
            ? List.of(new HubSettings.Source("demo", secrets.getOrCreate("demo.write-key", "wk_")))
            : settings.sources();
    this.storage = openStorage(settings, clock);
    // A chunk of 250 ids holds SQLite's one writer for about 3 ms (docs/benchmarks.md,
    // deduplication window); the pause between chunks lets the processor's transactions in.
    HubSettings.RetentionSettings window = settings.dedupWindow();
    this.dedupWindow =
        window.keepsForever() ? null : new DedupWindow(storage.store(), window.maxAge(), clock, DEDUP_CHUNK, DEDUP_PAUSE);
    LongSupplier forgotten = dedupWindow == null ? () -> 0 : dedupWindow::forgotten;
    this.dedupTask = dedupWindow == null ? null : Periodic.start("dedup-window", window.checkEvery(), dedupWindow::run);
    DeliveryEngine started = null;
    try {
      this.metrics = new HubMetrics(() -> storage.progress().logEnd(), () -> storage.progress().processed(), storage::conflicts, storage::discardedEvents, forgotten,
          storage::timelineRowsDeleted);
      storage.observeLogWrites(metrics::logWrite);
      var deliveryStats = new DeliveryStats(metrics.registry(), storage.outbox(), clock);
      started = startDelivery(settings, storage, deliveryStats, clock);
      this.delivery = started;
      BatchApplier.Step step =
          new OutboxStep(new EventProcessor(settings.identityRules()).asStep(), delivery::destinations, deliveryStats::filterFailed);
      storage.startProcessing(new BatchApplier(storage.store(), step, new Listener(clock)), settings.processorBatchSize());
      var parser = new SegmentParser(clock, settings.maxEventBytes());
      var backpressure =
          new IngestService.Backpressure() {
            @Override
            public long processingLag() {
              return storage.progress().lag();
            }

            @Override
            public boolean logAvailable() {
              return storage.logAvailable();
            }
          };
      var ingest = new IngestService(parser, storage.log(), new Sources(sources), metrics, clock, settings, backpressure);
      var profiles = new ProfileService(storage.store().reader(), storage.log(), settings.identityRules(), adminToken);
      var ops = new OpsService(this::health, metrics, settings.metricsEnabled());
      var destinations = new DestinationService(delivery, deliveryStats, adminToken);
      this.server =
          WebServer.builder()
              .host(settings.host())
              .port(settings.port())
              .contentEncoding(GzipRequestDecoding.context())
              .routing(r -> r.register(ingest).register(profiles).register(destinations).register(ops).error(StateStoreException.class, ProfileService::stateUnavailable))
              .build();
      server.start();
    } catch (RuntimeException | Error e) {
      if (dedupTask != null) {
        dedupTask.close();
      }
      if (started != null) {
        started.close();
      }
      storage.close();
      throw e;
    }
  }

  /**
   * Starts the delivery engine on the configured destinations.
   *
   * @throws IllegalArgumentException naming the field of a configured destination that does not
   *     compile, as {@code destinations[i].<field>}
   */
  private static DeliveryEngine startDelivery(HubSettings settings, StorageRuntime storage, DeliveryStats stats, InstantSource clock) {
    var compiler = new DestinationCompiler(Connectors.registry());
    List<DestinationDefinition> configured = settings.destinations();
    for (int i = 0; i < configured.size(); i++) {
      try {
        compiler.compile(configured.get(i));
      } catch (InvalidDefinitionException e) {
        int index = i;
        throw new IllegalArgumentException(
            "Invalid destination in the configuration: "
                + e.errors().stream().map(f -> "destinations[" + index + "]." + f.field() + ": " + f.message()).toList());
      }
      stats.known(configured.get(i).name());
    }
    var engine =
        DeliveryEngine.start(
            storage.outbox(), compiler, clock, stats, DeliveryEngine.Options.defaults(storage.deliveryOwner()), configured);
    engine.list().forEach(s -> stats.known(s.stored().name()));
    return engine;
  }

  private static StorageRuntime openStorage(HubSettings settings, InstantSource clock) {
    return switch (settings.storage()) {
      case Storage.Embedded ignored -> new EmbeddedStorage(settings, clock);
      case Storage.KafkaPostgres scaleOut -> {
        if (settings.adminToken().isEmpty() || settings.sources().isEmpty()) {
          throw new IllegalArgumentException(
              "storage.mode kafka+postgres needs admin.token and sources to be set, so that every instance"
                  + " accepts the same credentials; generated ones would differ per instance");
        }
        yield new ScaleOutStorage(settings, scaleOut);
      }
    };
  }

  /** Starts a hub; returns once it accepts requests. */
  public static Hub start(HubSettings settings, InstantSource clock) {
    try {
      return new Hub(settings, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the hub in " + settings.dataDir(), e);
    }
  }

  long processingLag() {
    return storage.progress().lag();
  }

  private OpsService.Health health() {
    StorageRuntime.Progress p = storage.progress();
    return new OpsService.Health(
        p.healthy() && storage.logAvailable() && server.isRunning(), p.logEnd(), p.processed(), p.lag(), storage.partitions());
  }

  /** The port the HTTP server listens on. */
  public int port() {
    return server.port();
  }

  public String adminToken() {
    return adminToken;
  }

  /** The sources that may send events, with their write keys (the demo source when none was set). */
  public List<HubSettings.Source> sources() {
    return sources;
  }

  /** The names and transport types of the destinations now defined, e.g. {@code crm (http)}. */
  public List<String> destinations() {
    return delivery.list().stream()
        .map(s -> s.stored().name() + " (" + s.stored().definition().transport().type() + ")")
        .toList();
  }

  public HubSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    server.stop();
    if (dedupTask != null) {
      dedupTask.close();
    }
    delivery.close();
    storage.close();
    LOG.log(Level.INFO, "hub stopped");
  }

  /** Feeds metrics from the processor's thread. */
  private final class Listener implements BatchApplier.Listener {
    private final InstantSource clock;

    Listener(InstantSource clock) {
      this.clock = clock;
    }

    @Override
    public void committed(List<ProcessedEvent> batch, Duration took) {
      var now = clock.instant();
      int duplicates = 0;
      int merges = 0;
      int refused = 0;
      List<Duration> latencies = new ArrayList<>(batch.size());
      Instant newest = null;
      for (ProcessedEvent p : batch) {
        ProcessingOutcome o = p.outcome();
        if (o.duplicate()) {
          duplicates++;
        }
        merges += o.merges().size();
        refused += o.refused().size();
        Instant receivedAt = p.event().receivedAt();
        latencies.add(Duration.between(receivedAt, now));
        if (newest == null || receivedAt.isAfter(newest)) {
          newest = receivedAt;
        }
      }
      if (dedupWindow != null && newest != null) {
        dedupWindow.applied(newest);
      }
      metrics.processed(batch.size(), duplicates, merges, refused);
      metrics.transaction(took);
      latencies.forEach(metrics::visible);
      delivery.wake();
    }

    @Override
    public void skipped(int partition, long position, Exception cause) {
      metrics.skipped();
    }
  }
}
