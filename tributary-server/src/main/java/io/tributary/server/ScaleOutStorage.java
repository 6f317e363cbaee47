package io.tributary.server;

import io.tributary.core.log.EventLog;
import io.tributary.core.processing.BatchApplier;
import io.tributary.core.delivery.Outbox;
import io.tributary.core.state.StateStore;
import io.tributary.jdbc.JdbcStateStore;
import io.tributary.core.state.StateStoreException;
import io.tributary.kafka.KafkaEventLog;
import io.tributary.kafka.KafkaLogOptions;
import io.tributary.kafka.KafkaProcessor;
import io.tributary.postgres.PostgresOptions;
import io.tributary.postgres.PostgresStateStore;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@code kafka+postgres} storage: the log is a Kafka topic, the state one PostgreSQL database
 * shared with the other instances, and this instance's processor one member of their consumer
 * group.
 *
 * <p>Progress is summed over every partition of the topic, whichever instance consumes it: the end
 * offsets come from the log, the stored next positions from PostgreSQL. A background task refreshes
 * it, so the ingest path never waits for either server.
 */
final class ScaleOutStorage implements StorageRuntime {
  private static final System.Logger LOG = System.getLogger(ScaleOutStorage.class.getName());
  private static final long PROGRESS_REFRESH_MILLIS = 250;

  private final Storage.Kafka kafka;
  private final KafkaEventLog log;
  private final JdbcStateStore store;
  private final String clientId;
  private final ScheduledExecutorService progressRefresher;
  /** Unhealthy when PostgreSQL has not answered a progress query for this long. */
  private static final long STALE_PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(2);

  private volatile Progress progress = new Progress(0, 0, false);
  private volatile long refreshedAtNanos = System.nanoTime() - STALE_PROGRESS_NANOS;
  private volatile boolean stateReachable;
  private KafkaProcessor processor;

  ScaleOutStorage(HubSettings settings, Storage.KafkaPostgres storage) {
    this.kafka = storage.kafka();
    this.clientId = kafka.clientId();
    var pg = storage.postgres();
    this.store =
        PostgresStateStore.open(
            new PostgresOptions(
                pg.jdbcUrl(),
                pg.user(),
                pg.password().orElse(null),
                pg.poolSize(),
                PostgresOptions.DEFAULT_CONNECT_TIMEOUT));
    try {
      var options = KafkaLogOptions.defaults(kafka.bootstrapServers(), kafka.topic())
          .withPartitions(kafka.partitions(), kafka.replicationFactor().orElse((short) -1))
          .withPendingLimits(settings.maxPendingEvents(), 32L * 1024 * 1024)
          .withClientId(kafka.clientId());
      this.log = KafkaEventLog.open(options);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    this.progressRefresher =
        Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("progress").unstarted(r));
    refreshProgress();
    progressRefresher.scheduleWithFixedDelay(this::refreshProgress, PROGRESS_REFRESH_MILLIS, PROGRESS_REFRESH_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public EventLog log() {
    return log;
  }

  @Override
  public StateStore store() {
    return store;
  }

  @Override
  public Outbox outbox() {
    return store.outbox();
  }

  @Override
  public String deliveryOwner() {
    return clientId;
  }

  @Override
  public void startProcessing(BatchApplier applier, int batchSize) {
    processor =
        new KafkaProcessor(
                new KafkaProcessor.Options(
                    kafka.bootstrapServers(), kafka.topic(), kafka.groupId(), kafka.clientId(), batchSize, Map.of()),
                store,
                applier)
            .start();
    // The progress taken when opening says unhealthy, as there was no processor yet.
    refreshProgress();
  }

  private void refreshProgress() {
    try {
      long processed = store.reader().nextPositions().values().stream().mapToLong(Long::longValue).sum();
      long end = 0;
      for (int p = 0; p < log.partitions(); p++) {
        end += log.endPosition(p);
      }
      stateReachable = true;
      refreshedAtNanos = System.nanoTime();
      progress = new Progress(end, processed, true);
    } catch (StateStoreException e) {
      if (stateReachable) {
        LOG.log(Level.WARNING, "the state store is unreachable: " + e.getMessage());
      }
      stateReachable = false;
      progress = new Progress(progress.logEnd(), progress.processed(), false);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not refresh the processing progress", e);
    }
  }

  private boolean processorHealthy() {
    return processor != null && processor.healthy();
  }

  @Override
  public long conflicts() {
    return processor == null ? 0 : processor.conflicts();
  }

  /**
   * The last refreshed positions; healthy only while the brokers answer, PostgreSQL answered the
   * last refresh within 2 seconds, and the processor's last attempt succeeded.
   */
  @Override
  public Progress progress() {
    Progress p = progress;
    boolean fresh = System.nanoTime() - refreshedAtNanos < STALE_PROGRESS_NANOS;
    return new Progress(p.logEnd(), p.processed(), fresh && stateReachable && processorHealthy() && log.healthy());
  }

  @Override
  public List<Integer> partitions() {
    return processor == null ? List.of() : processor.positions().keySet().stream().sorted().toList();
  }

  @Override
  public boolean logAvailable() {
    return log.healthy();
  }

  @Override
  public void close() {
    progressRefresher.shutdownNow();
    if (processor != null) {
      processor.close();
    }
    log.close();
    store.close();
  }
}
