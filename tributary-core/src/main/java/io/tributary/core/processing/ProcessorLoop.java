package io.tributary.core.processing;

import io.tributary.core.event.Event;
import io.tributary.core.log.EventLog;
import io.tributary.core.log.LogEntry;
import io.tributary.core.state.StateStore;
import io.tributary.core.state.StateStoreException;
import io.tributary.core.state.StateTransaction;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads one partition of the event log in order and applies each event to the state store.
 *
 * <p>Effectively once: every batch of events is applied in one state transaction together with the
 * next position to consume, so after a crash at any instant processing resumes exactly after the
 * last committed batch.
 *
 * <p>Failures: a {@link StateStoreException} (the database is down or busy) is retried for as long
 * as it lasts, with backoff, and never skips anything. Any other failure rolls the batch back and
 * retries it event by event; an event that fails on its own {@link #MAX_ATTEMPTS} times, or is
 * {@link UnprocessableEntryException unprocessable}, is a poison event: it is skipped, its position
 * logged and reported to the listener, so one bad record cannot stop the hub. It stays in the log.
 */
public final class ProcessorLoop implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ProcessorLoop.class.getName());
  static final int MAX_ATTEMPTS = 3;

  /** Applies one log entry inside the batch's transaction. */
  @FunctionalInterface
  public interface Step {
    /**
     * @throws UnprocessableEntryException when the entry can never be applied (e.g. it does not
     *     decode); other exceptions are treated as possibly transient
     */
    ProcessedEvent apply(StateTransaction tx, LogEntry entry);
  }

  /** An event and what processing it did. */
  public record ProcessedEvent(LogEntry entry, Event event, ProcessingOutcome outcome) {}

  /** Told about every committed batch and every skipped entry, on the loop's thread. */
  public interface Listener {
    void committed(int partition, long nextPosition, List<ProcessedEvent> batch);

    void skipped(int partition, long position, Exception cause);
  }

  private final EventLog log;
  private final StateStore store;
  private final Step step;
  private final Listener listener;
  private final int partition;
  private final int batchSize;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long nextPosition = -1;

  public ProcessorLoop(EventLog log, StateStore store, Step step, Listener listener, int partition, int batchSize) {
    this.log = Objects.requireNonNull(log, "log");
    this.store = Objects.requireNonNull(store, "store");
    this.step = Objects.requireNonNull(step, "step");
    this.listener = Objects.requireNonNull(listener, "listener");
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
          nextPosition = store.inTransaction(tx -> tx.nextPosition(partition));
          nextPosition = Math.max(nextPosition, 1);
          LOG.log(Level.INFO, ctx + " resuming at log position " + nextPosition);
        }
        List<LogEntry> entries = log.read(partition, nextPosition, batchSize);
        if (entries.isEmpty()) {
          log.awaitAppend(partition, nextPosition, 100);
          continue;
        }
        applyBatch(entries);
        backoffMillis = 10;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.log(Level.WARNING, ctx + " failed at log position " + nextPosition + "; retrying in " + backoffMillis + " ms", e);
        sleepQuietly(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, 5_000);
      }
    }
  }

  private void applyBatch(List<LogEntry> entries) {
    try {
      commit(entries);
    } catch (StateStoreException storeDown) {
      throw storeDown;
    } catch (RuntimeException batchFailure) {
      if (entries.size() == 1) {
        applyAlone(entries.getFirst(), batchFailure);
        return;
      }
      // Find the culprit: apply one by one, so that the good events still go through.
      for (LogEntry entry : entries) {
        try {
          commit(List.of(entry));
        } catch (StateStoreException storeDown) {
          throw storeDown;
        } catch (RuntimeException failure) {
          applyAlone(entry, failure);
        }
      }
    }
  }

  private void applyAlone(LogEntry entry, RuntimeException firstFailure) {
    RuntimeException failure = firstFailure;
    for (int attempt = 1; attempt < MAX_ATTEMPTS && !(failure instanceof UnprocessableEntryException); attempt++) {
      sleepQuietly(10L << attempt);
      try {
        commit(List.of(entry));
        return;
      } catch (StateStoreException storeDown) {
        throw storeDown;
      } catch (RuntimeException again) {
        failure = again;
      }
    }
    long next = entry.position() + 1;
    store.inTransaction(tx -> {
      tx.setNextPosition(partition, next);
      return null;
    });
    nextPosition = next;
    LOG.log(
        Level.ERROR,
        "processor [p" + partition + "] skipped the event at log position " + entry.position()
            + " after it failed " + MAX_ATTEMPTS + " times; it stays in the log and can be replayed",
        failure);
    listener.skipped(partition, entry.position(), failure);
  }

  private void commit(List<LogEntry> entries) {
    long next = entries.getLast().position() + 1;
    List<ProcessedEvent> done =
        store.inTransaction(tx -> {
          List<ProcessedEvent> processed = new ArrayList<>(entries.size());
          for (LogEntry entry : entries) {
            processed.add(step.apply(tx, entry));
          }
          tx.setNextPosition(partition, next);
          return processed;
        });
    nextPosition = next;
    listener.committed(partition, next, done);
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
