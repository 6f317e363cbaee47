package io.tributary.core.processing;

import io.tributary.core.event.Event;
import io.tributary.core.log.LogEntry;
import io.tributary.core.state.StateStore;
import io.tributary.core.state.StateStoreException;
import io.tributary.core.state.StateTransaction;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies batches of log entries to the state store, each batch in one transaction together with
 * the next position to consume of every partition in it (effectively once).
 *
 * <p>Fencing: inside the transaction the stored next position of each partition is read first and
 * entries before it are dropped. So an entry is applied at most once even when two consumers hold
 * the same partition for a moment (a rebalance in a consumer group, a consumer that fell out of
 * its group while processing): the second one to commit finds the position moved and skips what
 * was already applied, and when both commit at once the database's isolation aborts one of them
 * with a {@link StateStoreException.Conflict}.
 *
 * <p>Failures: a {@link StateStoreException} (the database is down, or the transaction lost a race)
 * propagates and nothing was written; the caller retries the same entries. Any other failure rolls
 * the batch back and retries it entry by entry; an entry that fails on its own {@link
 * #MAX_ATTEMPTS} times, or is {@link UnprocessableEntryException unprocessable}, is a poison entry:
 * it is skipped, its position logged and reported to the listener, so one bad record cannot stop
 * the hub. It stays in the log.
 */
public final class BatchApplier {
  private static final System.Logger LOG = System.getLogger(BatchApplier.class.getName());
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

  /** Told about every committed batch and every skipped entry, on the applying thread. */
  public interface Listener {
    /**
     * A batch was committed; {@code batch} holds only the entries applied by this commit, and
     * {@code took} is the time from the start of its transaction to the end of its commit.
     */
    void committed(List<ProcessedEvent> batch, Duration took);

    void skipped(int partition, long position, Exception cause);
  }

  private final StateStore store;
  private final Step step;
  private final Listener listener;

  public BatchApplier(StateStore store, Step step, Listener listener) {
    this.store = Objects.requireNonNull(store, "store");
    this.step = Objects.requireNonNull(step, "step");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Applies entries, in order within each partition.
   *
   * @param entries entries of one or more partitions, each partition's in position order
   * @return the next position to consume of each partition in {@code entries}, as now stored
   * @throws StateStoreException when the database failed or the transaction lost a race; nothing of
   *     this call's current transaction was kept, earlier ones (when it fell back to entry by
   *     entry) were
   */
  public Map<Integer, Long> apply(List<LogEntry> entries) {
    if (entries.isEmpty()) {
      return Map.of();
    }
    try {
      return commit(entries);
    } catch (StateStoreException storeDown) {
      throw storeDown;
    } catch (RuntimeException batchFailure) {
      if (entries.size() == 1) {
        return applyAlone(entries.getFirst(), batchFailure);
      }
      // Find the culprit: apply one by one, so that the good entries still go through.
      Map<Integer, Long> next = new HashMap<>();
      for (LogEntry entry : entries) {
        try {
          next.putAll(commit(List.of(entry)));
        } catch (StateStoreException storeDown) {
          throw storeDown;
        } catch (RuntimeException failure) {
          next.putAll(applyAlone(entry, failure));
        }
      }
      return next;
    }
  }

  private Map<Integer, Long> applyAlone(LogEntry entry, RuntimeException firstFailure) {
    RuntimeException failure = firstFailure;
    for (int attempt = 1; attempt < MAX_ATTEMPTS && !(failure instanceof UnprocessableEntryException); attempt++) {
      Pause.quietly(10L << attempt);
      try {
        return commit(List.of(entry));
      } catch (StateStoreException storeDown) {
        throw storeDown;
      } catch (RuntimeException again) {
        failure = again;
      }
    }
    int partition = entry.partition();
    long next = entry.position() + 1;
    long stored =
        store.inTransaction(tx -> {
          long current = tx.nextPosition(partition);
          if (current < next) {
            tx.setNextPosition(partition, next);
          }
          return Math.max(current, next);
        });
    LOG.log(
        Level.ERROR,
        "processor [p" + partition + "] skipped the event at log position " + entry.position()
            + " after it failed " + MAX_ATTEMPTS + " times; it stays in the log and can be replayed",
        failure);
    listener.skipped(partition, entry.position(), failure);
    return Map.of(partition, stored);
  }

  private Map<Integer, Long> commit(List<LogEntry> entries) {
    Map<Integer, Long> next = new LinkedHashMap<>();
    long start = System.nanoTime();
    List<ProcessedEvent> done =
        store.inTransaction(tx -> {
          next.clear();
          Map<Integer, Long> stored = new HashMap<>();
          List<ProcessedEvent> processed = new ArrayList<>(entries.size());
          for (LogEntry entry : entries) {
            long from = stored.computeIfAbsent(entry.partition(), tx::nextPosition);
            if (entry.position() < from) {
              continue; // already applied by an earlier commit, possibly another consumer's
            }
            processed.add(step.apply(tx, entry));
            next.put(entry.partition(), entry.position() + 1);
          }
          next.forEach(tx::setNextPosition);
          stored.forEach(next::putIfAbsent);
          return processed;
        });
    if (!done.isEmpty()) {
      listener.committed(done, Duration.ofNanos(System.nanoTime() - start));
    }
    return next;
  }
}
