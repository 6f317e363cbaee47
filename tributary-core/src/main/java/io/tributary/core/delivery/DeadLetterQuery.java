package io.tributary.core.delivery;

import java.time.Instant;

/**
 * Selects dead letters, oldest first.
 *
 * @param id only the dead letter with this id, or 0 for any
 * @param destination only this destination's, or null for all
 * @param errorContains only those whose last error contains this text, or null
 * @param failedFrom only those given up at or after this instant, or null
 * @param failedBefore only those given up before this instant, or null
 * @param afterId only those with a larger id (the cursor of the previous page); 0 for the first
 * @param limit at most this many (listing), or the most one replay or discard touches
 */
public record DeadLetterQuery(
    long id,
    String destination, String errorContains, Instant failedFrom, Instant failedBefore, long afterId, int limit) {
  public static DeadLetterQuery all(String destination, int limit) {
    return new DeadLetterQuery(0, destination, null, null, null, 0, limit);
  }

  /** Just one dead letter of a destination. */
  public static DeadLetterQuery one(String destination, long id) {
    return new DeadLetterQuery(id, destination, null, null, null, 0, 1);
  }
}
