package io.tributary.core.testing;

import io.tributary.core.state.StateReader;
import io.tributary.core.state.StateStore;
import io.tributary.core.state.StateTransaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link StateStore} in memory, for fast tests of anything that runs on the state store.
 *
 * <p>Faithful to the port's contract: a transaction works on a private copy of the state that
 * replaces the committed state only when the work returns normally, so a failing transaction leaves
 * no trace; profiles are loaded and saved as copies, so a change that is not saved is not kept; a
 * transaction used after it ended throws. Transactions run one at a time; readers see the last
 * committed state, never one in progress, and may run on any thread.
 *
 * <p>Interpretation of the port where it leaves room: {@link StateReader#merges} lists the merge
 * records as they were made (a merge of A into B stays "A into B" after B is merged into C), while
 * {@link StateReader#resolveProfileId} follows them to the live survivor. Identity links keep the
 * order they were made in when they move to a survivor.
 */
public final class InMemoryStateStore implements StateStore {

  private volatile MemoryState committed = new MemoryState();
  private volatile boolean closed;
  private final MemoryReader reader = new MemoryReader(() -> committed);

  @Override
  public synchronized <T> T inTransaction(Function<StateTransaction, T> work) {
    Objects.requireNonNull(work, "work");
    if (closed) {
      throw new IllegalStateException("Expected an open state store, but it is closed");
    }
    MemoryState working = committed.copy();
    MemoryTransaction tx = new MemoryTransaction(working);
    try {
      T result = work.apply(tx);
      committed = working;
      return result;
    } finally {
      tx.close();
    }
  }

  @Override
  public synchronized int forgetProcessedBefore(Instant cutoff, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("Expected max to be at least 1, but was " + max);
    }
    MemoryState working = committed.copy();
    List<MemoryState.MessageKey> due =
        working.processed.entrySet().stream()
            .filter(e -> e.getValue().isBefore(cutoff))
            .sorted(Map.Entry.comparingByValue())
            .limit(max)
            .map(Map.Entry::getKey)
            .toList();
    due.forEach(working.processed::remove);
    committed = working;
    return due.size();
  }

  @Override
  public synchronized int forgetTimelineBefore(int partition, long position, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("Expected max to be at least 1, but was " + max);
    }
    MemoryState working = committed.copy();
    int deleted = working.forgetTimelineBefore(partition, position, max);
    committed = working;
    return deleted;
  }

  @Override
  public StateReader reader() {
    return reader;
  }

  /** Every message enqueued by committed transactions, in order. Not part of the port. */
  public List<io.tributary.core.delivery.OutboxEntry> outbox() {
    return List.copyOf(committed.outbox);
  }

  /** Ids of all live profiles, in id order. Not part of the port: for checking invariants. */
  public List<String> liveProfileIds() {
    return List.copyOf(committed.profiles.keySet());
  }

  @Override
  public void close() {
    closed = true;
  }
}
