package io.tributary.core.state;

import java.time.Instant;
import java.util.function.Function;

/** The state store: identity graph, profiles, timelines, consumed log positions. */
public interface StateStore extends AutoCloseable {

  /**
   * Runs {@code work} in one transaction and commits it. If {@code work} throws, nothing it wrote
   * is kept and the exception propagates.
   */
  <T> T inTransaction(Function<StateTransaction, T> work);

  /**
   * Forgets the ids of processed messages received before {@code cutoff}, the oldest first, at
   * most {@code max} of them, in a transaction of their own: a message sent again with a forgotten
   * id is processed as a new one. This is the deduplication window; the profiles, identities and
   * timelines the messages built stay.
   *
   * <p>Stores may go by the order in which they recorded the messages (the order of the log) rather
   * than by each receive time: a message received a little out of that order may be forgotten one
   * run later than due.
   *
   * @param max at least 1
   * @return how many ids were forgotten; fewer than {@code max} when no older one is left, or when
   *     another process sharing the store is forgetting them at the moment
   */
  int forgetProcessedBefore(Instant cutoff, int max);

  /**
   * Deletes the timeline rows of the events at positions before {@code position} of log partition
   * {@code partition}, the oldest first, at most {@code max} of them, in a transaction of their
   * own: for a log whose retention discarded those events. Profiles, identities and computed
   * traits stay.
   *
   * <p>Stores may go by the order in which they recorded the rows (the log's order, for a store
   * fed by one processor) and stop at the first row not due.
   *
   * @param max at least 1
   * @return how many rows were deleted; fewer than {@code max} when no older one is left
   */
  int forgetTimelineBefore(int partition, long position, int max);

  /** Queries over committed state. */
  StateReader reader();

  @Override
  void close();
}
