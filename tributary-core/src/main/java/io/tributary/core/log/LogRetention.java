package io.tributary.core.log;

import io.tributary.core.event.EventCodec;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Retention of a log that keeps its records until told to discard them (the embedded log): the
 * records received longer ago than the retention, and already applied by the processor, are
 * discarded. Nothing the processor has not applied is ever discarded, however old.
 *
 * <p>The cut is found by a binary search over the records' receive times: records are appended in
 * the order the hub received them, so the times grow with the position (give or take the requests
 * in one group commit, which is all the precision retention needs). One run reads about 2·log2(n)
 * records.
 */
public final class LogRetention {
  private static final System.Logger LOG = System.getLogger(LogRetention.class.getName());

  private final EventLog log;
  private final int partition;
  private final Duration maxAge;
  private final InstantSource clock;
  private final LongSupplier applied;

  /**
   * @param maxAge how long records are kept after they were received
   * @param applied the first position of the partition the processor has not applied yet; below 1
   *     while unknown (nothing is discarded then)
   */
  public LogRetention(EventLog log, int partition, Duration maxAge, InstantSource clock, LongSupplier applied) {
    this.log = Objects.requireNonNull(log, "log");
    this.partition = partition;
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.applied = Objects.requireNonNull(applied, "applied");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("Expected a positive retention, but got " + maxAge);
    }
  }

  /**
   * Asks the log to discard what is due now.
   *
   * @return the position before which the log discards records, or 0 when nothing is due
   */
  public long run() {
    Instant cutoff = clock.instant().minus(maxAge);
    long first = log.firstPosition(partition);
    long last = Math.min(applied.getAsLong(), log.endPosition(partition)) - 1; // the last that may go
    if (last < first) {
      return 0;
    }
    try {
      if (!receivedAt(first).isBefore(cutoff)) {
        return 0;
      }
      // Invariant: the record at lo is older than the cutoff; every one after hi is not, or may not go.
      long lo = first;
      long hi = last;
      while (lo < hi) {
        long mid = lo + (hi - lo + 1) / 2;
        if (receivedAt(mid).isBefore(cutoff)) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      log.discardBefore(partition, lo + 1);
      return lo + 1;
    } catch (RuntimeException e) {
      // A record that does not decode, or a log that cannot be read now: keep everything.
      LOG.log(Level.WARNING, "log retention: could not read the log's receive times, nothing discarded this time: " + e);
      return 0;
    }
  }

  /** When the hub received the record at {@code position} (or the first one after it). */
  private Instant receivedAt(long position) {
    List<LogEntry> entry = log.read(partition, position, 1);
    if (entry.isEmpty()) {
      throw new IllegalStateException("Expected a record at or after position " + position + ", but the log has none");
    }
    return EventCodec.decode(entry.getFirst().payload()).receivedAt();
  }
}
