package io.tributary.server;

import io.tributary.core.log.EventLog;
import io.tributary.core.processing.BatchApplier;
import io.tributary.core.state.StateStore;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The event log, the state store and the processor of one storage mode, opened together and closed
 * in the safe order: processor, log, state.
 */
interface StorageRuntime extends AutoCloseable {

  /**
   * Where processing stands, summed over the log's partitions.
   *
   * @param logEnd the position the next appended record will be at or after
   * @param processed the next position the processors will consume
   * @param healthy whether the log and the state store were reachable at the last look
   */
  record Progress(long logEnd, long processed, boolean healthy) {
    /** How many events are in the log but not yet applied to the state. */
    long lag() {
      return Math.max(0, logEnd - processed);
    }
  }

  EventLog log();

  StateStore store();

  /** The delivery tables of the state store. */
  io.tributary.core.delivery.Outbox outbox();

  /**
   * This instance's name in the delivery lane leases: stable across restarts, different per
   * instance.
   */
  String deliveryOwner();

  /** Starts consuming the log; called once. */
  void startProcessing(BatchApplier applier, int batchSize);

  /** Where processing stands; cheap, called on every ingest request. */
  Progress progress();

  /** The log partitions this instance consumes now. */
  List<Integer> partitions();

  /** State transactions that lost a race with another instance and were retried. */
  default long conflicts() {
    return 0;
  }

  /** Events the log's retention discarded since the start (the embedded log's; Kafka keeps its own). */
  default long discardedEvents() {
    return 0;
  }

  /** Timeline rows the log's retention deleted since the start (log.retention-drops-timeline). */
  default long timelineRowsDeleted() {
    return 0;
  }

  /**
   * Tells {@code nanos} how long each durable write of appended events took (the embedded log's
   * group commits, fsync included); modes whose log is remote do not measure it.
   */
  default void observeLogWrites(LongConsumer nanos) {}

  /** Whether appends can be made durable now; ingest answers 503 at once when not. */
  boolean logAvailable();

  @Override
  void close();
}
