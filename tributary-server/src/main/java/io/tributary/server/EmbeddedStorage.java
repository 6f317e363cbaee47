package io.tributary.server;

import io.tributary.core.log.EventLog;
import io.tributary.core.processing.BatchApplier;
import io.tributary.core.processing.Chunked;
import io.tributary.core.processing.ProcessorLoop;
import io.tributary.core.delivery.Outbox;
import io.tributary.core.state.StateStore;
import io.tributary.jdbc.JdbcStateStore;
import io.tributary.sqlite.SqliteEventLog;
import io.tributary.sqlite.SqliteLogOptions;
import io.tributary.sqlite.SqliteStateStore;
import io.tributary.core.log.LogRetention;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/** The default storage: SQLite log and state in the data directory, one processor thread. */
final class EmbeddedStorage implements StorageRuntime {
  /** Connections of the profile API; the processor writes through one more of its own. */
  private static final int READER_POOL_SIZE = 8;
  /** Timeline rows deleted per transaction, and the pause between two such transactions. */
  private static final int TIMELINE_CHUNK = 250;
  private static final Duration TIMELINE_PAUSE = Duration.ofMillis(10);

  private final SqliteEventLog log;
  private final JdbcStateStore store;
  private final HubSettings.RetentionSettings retention;
  private final boolean dropsTimeline;
  private final AtomicLong timelineRowsDeleted = new AtomicLong();
  private final InstantSource clock;
  private volatile ProcessorLoop processor;
  private Periodic retentionTask;

  EmbeddedStorage(HubSettings settings, InstantSource clock) {
    this.retention = settings.logRetention();
    this.dropsTimeline = settings.logRetentionDropsTimeline();
    this.clock = clock;
    this.log =
        SqliteEventLog.open(
            settings.dataDir().resolve("log.db"),
            new SqliteLogOptions(
                settings.logSynchronous(),
                settings.groupCommitMaxEvents(),
                settings.maxPendingEvents(),
                settings.retryAfterSeconds() * 1000L));
    try {
      this.store = SqliteStateStore.open(settings.dataDir().resolve("state.db"), READER_POOL_SIZE);
    } catch (RuntimeException e) {
      log.close();
      throw e;
    }
  }

  @Override
  public EventLog log() {
    return log;
  }

  @Override
  public void observeLogWrites(LongConsumer nanos) {
    log.observeCommits(nanos);
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
    return "embedded"; // one process: the same name after a restart takes the lanes back at once
  }

  @Override
  public void startProcessing(BatchApplier applier, int batchSize) {
    processor = new ProcessorLoop(log, store, applier, 0, batchSize).start();
    if (!retention.keepsForever()) {
      LogRetention task = new LogRetention(log, 0, retention.maxAge(), clock, processor::nextPosition);
      retentionTask = Periodic.start("log-retention", retention.checkEvery(), () -> {
        long cut = task.run();
        if (cut > 0 && dropsTimeline) {
          // The same chunks as the deduplication window (docs/benchmarks.md): a row of the
          // timeline's random primary key per row deleted, in transactions that hold the writer
          // about as long.
          timelineRowsDeleted.addAndGet(
              Chunked.repeat(() -> store.forgetTimelineBefore(0, cut, TIMELINE_CHUNK), TIMELINE_CHUNK, TIMELINE_PAUSE));
        }
      });
    }
  }

  @Override
  public long discardedEvents() {
    return log.discardedEvents();
  }

  @Override
  public long timelineRowsDeleted() {
    return timelineRowsDeleted.get();
  }

  @Override
  public Progress progress() {
    long next = processor == null ? -1 : processor.nextPosition();
    return new Progress(log.endPosition(0), Math.max(next, 1), next >= 0);
  }

  @Override
  public List<Integer> partitions() {
    return List.of(0);
  }

  @Override
  public boolean logAvailable() {
    return true; // a full or failing log answers each append itself
  }

  @Override
  public void close() {
    if (retentionTask != null) {
      retentionTask.close();
    }
    if (processor != null) {
      processor.close();
    }
    log.close();
    store.close();
  }
}
