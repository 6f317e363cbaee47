package io.tributary.core.log;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable, replayable event log.
 *
 * <p>Appends from many threads are grouped so that concurrent callers share one durable write.
 * Readers see records in position order per partition, and never see a record before it is
 * durable.
 */
public interface EventLog extends AutoCloseable {

  /**
   * Appends records. The embedded log writes them atomically, all or none; a log spread over
   * servers (Kafka) may have written some of them when the append fails, so callers rely on the
   * processor's deduplication by message id when they retry.
   *
   * @return completes with the positions of the records, in order, once they are durable;
   *     completes exceptionally with {@link LogException.StorageFailure} if the write failed
   * @throws LogException.Overloaded when the log has more pending appends than it is configured
   *     to hold; nothing was queued
   * @throws LogException.Closed when the log is closed
   */
  CompletableFuture<long[]> append(List<LogRecord> records);

  /** The number of partitions; positions are per partition. */
  int partitions();

  /** The position the next appended record of the partition will be at or after. */
  long endPosition(int partition);

  /**
   * Reads durable records of a partition from a position on.
   *
   * @param fromPosition the first position to return (inclusive)
   * @param max the maximum number of entries to return, at least 1
   * @return up to {@code max} entries in position order; empty if none is there yet
   */
  List<LogEntry> read(int partition, long fromPosition, int max);

  /**
   * Waits until a record at or after {@code position} may be readable, or the timeout passes.
   * Returns early on close. Spurious returns are allowed.
   */
  void awaitAppend(int partition, long position, long timeoutMillis) throws InterruptedException;

  /**
   * The first position of the partition the log still holds: records before it were discarded by
   * {@link #discardBefore}. 1 (or the end, when empty) for a log that never discarded any.
   */
  default long firstPosition(int partition) {
    return 1;
  }

  /**
   * Asks the log to discard the records of a partition before {@code position}, for retention.
   * Asynchronous: {@link #firstPosition} moves as they go. The last record is always kept. A log
   * whose retention is its own (a Kafka topic's {@code retention.ms}) ignores it.
   */
  default void discardBefore(int partition, long position) {}

  @Override
  void close();
}
