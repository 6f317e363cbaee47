package io.tributary.kafka;

import io.tributary.core.log.LogException;
import io.tributary.core.log.LogRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * One append on its way: collects the acknowledgement of each of its records, and completes with
 * their offsets once all are in, or exceptionally at the first failure.
 *
 * <p>The producer reports a record it refuses at once (its memory is full, or the record is too
 * large) by calling back on the appending thread before {@code send} returns; such a refusal is
 * kept for the appender to act on rather than completing the append.
 */
final class PendingAppend {
  /** What the log learns from each record's outcome. */
  interface Ledger {
    /** The record was acknowledged or failed: it no longer counts as pending. */
    void settled(LogRecord record);

    /** A broker acknowledged a record at this offset. */
    void acknowledged(int partition, long offset);

    /** What the append fails with when record {@code index} of {@code count} failed. */
    LogException failed(int index, int count, Exception cause);
  }

  private final List<LogRecord> records;
  private final Ledger ledger;
  private final long[] offsets;
  private final AtomicInteger unacknowledged;
  private final CompletableFuture<long[]> result = new CompletableFuture<>();
  private final Thread appender = Thread.currentThread();
  private volatile boolean sending = true;
  private Exception refusal;

  PendingAppend(List<LogRecord> records, Ledger ledger) {
    this.records = records;
    this.ledger = ledger;
    this.offsets = new long[records.size()];
    this.unacknowledged = new AtomicInteger(records.size());
  }

  /** What a record counts for against the pending-bytes bound. */
  static long bytes(LogRecord record) {
    return record.key().length() + (long) record.payload().length;
  }

  CompletableFuture<long[]> result() {
    return result;
  }

  /** The producer's callback for record {@code index}. */
  Callback callback(int index) {
    return (metadata, exception) -> settle(index, metadata, exception);
  }

  private void settle(int index, RecordMetadata metadata, Exception exception) {
    ledger.settled(records.get(index));
    if (exception != null) {
      if (sending && Thread.currentThread() == appender && refusal == null) {
        refusal = exception;
        return;
      }
      result.completeExceptionally(ledger.failed(index, offsets.length, exception));
      return;
    }
    offsets[index] = metadata.offset();
    ledger.acknowledged(metadata.partition(), metadata.offset());
    if (unacknowledged.decrementAndGet() == 0) {
      result.complete(offsets);
    }
  }

  /** The producer's refusal of a record during {@code send}, on the appending thread; else null. */
  Exception refusal() {
    return refusal;
  }

  /** The appender has handed over every record it is going to. */
  void sent() {
    sending = false;
  }
}
