package io.tributary.core.testing;

import io.tributary.core.log.EventLog;
import io.tributary.core.log.LogEntry;
import io.tributary.core.log.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A one-partition event log in memory, for driving the processor in unit tests. */
public final class InMemoryEventLog implements EventLog {
  private final List<LogEntry> entries = new ArrayList<>();

  @Override
  public synchronized CompletableFuture<long[]> append(List<LogRecord> records) {
    long[] positions = new long[records.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = entries.size() + 1L;
      entries.add(new LogEntry(0, positions[i], records.get(i).payload()));
    }
    notifyAll();
    return CompletableFuture.completedFuture(positions);
  }

  @Override
  public int partitions() {
    return 1;
  }

  @Override
  public synchronized long endPosition(int partition) {
    return entries.size() + 1L;
  }

  @Override
  public synchronized List<LogEntry> read(int partition, long fromPosition, int max) {
    int from = (int) Math.max(0, fromPosition - 1);
    return from >= entries.size() ? List.of() : List.copyOf(entries.subList(from, Math.min(entries.size(), from + max)));
  }

  @Override
  public synchronized void awaitAppend(int partition, long position, long timeoutMillis) throws InterruptedException {
    if (entries.size() + 1L <= position) {
      wait(timeoutMillis);
    }
  }

  @Override
  public void close() {}
}
