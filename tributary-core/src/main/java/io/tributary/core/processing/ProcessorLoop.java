package io.tributary.core.processing;

import io.tributary.core.log.EventLog;
import io.tributary.core.log.LogEntry;
import io.tributary.core.state.StateStore;
import io.tributary.core.state.StateStoreException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;

/**
 * Reads one partition of an event log in order and applies its entries with a {@link
 * BatchApplier}: the embedded mode's processor, where this hub is the log's only reader.
 *
 * <p>A {@link StateStoreException} (the database is down or busy) is retried for as long as it
 * lasts, with backoff, and never skips anything.
 */
public final class ProcessorLoop implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ProcessorLoop.class.getName());

  private final EventLog log;
  private final StateStore store;
  private final BatchApplier applier;
  private final int partition;
  private final int batchSize;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long nextPosition = -1;

  public ProcessorLoop(EventLog log, StateStore store, BatchApplier applier, int partition, int batchSize) {
    this.log = Objects.requireNonNull(log, "log");
    this.store = Objects.requireNonNull(store, "store");
    this.applier = Objects.requireNonNull(applier, "applier");
    if (batchSize < 1) {
      throw new IllegalArgumentException("Expected batchSize >= 1, but was " + batchSize);
    }
    this.partition = partition;
    this.batchSize = batchSize;
    this.thread = Thread.ofPlatform().name("processor-p" + partition).unstarted(this::run);
  }

  public ProcessorLoop start() {
    thread.start();
    return this;
  }

  /** The next log position this loop will consume; -1 before it has read its stored position. */
  public long nextPosition() {
    return nextPosition;
  }

  private void run() {
    String ctx = "processor [p" + partition + "]";
    long backoffMillis = 10;
    while (running) {
      try {
        if (nextPosition < 0) {
          long stored = store.inTransaction(tx -> tx.nextPosition(partition));
          nextPosition = Math.max(stored, 1);
          LOG.log(Level.INFO, ctx + " resuming at log position " + nextPosition);
        }
        List<LogEntry> entries = log.read(partition, nextPosition, batchSize);
        if (entries.isEmpty()) {
          log.awaitAppend(partition, nextPosition, 100);
          continue;
        }
        Long next = applier.apply(entries).get(partition);
        nextPosition = Math.max(nextPosition, next == null ? entries.getLast().position() + 1 : next);
        backoffMillis = 10;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.log(Level.WARNING, ctx + " failed at log position " + nextPosition + "; retrying in " + backoffMillis + " ms", e);
        Pause.quietly(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, 5_000);
      }
    }
  }

  /** Stops after the batch in progress; waits for the thread to end. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
