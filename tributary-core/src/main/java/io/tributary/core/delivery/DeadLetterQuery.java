package io.tributary.core.delivery;

import java.time.Instant;

/**
 * Selects dead letters, oldest first.
 *
 * @param destination only this destination's, or null for all
 * @param errorContains only those whose last error contains this text, or null
 * @param failedFrom only those given up at or after this instant, or null
 * @param failedBefore only those given up before this instant, or null
 * @param afterId only those with a larger id (the cursor of the previous page); 0 for the first
 * @param limit at most this many (listing), or the most one replay or discard touches
 */
public record DeadLetterQuery(
    String destination, String errorContains, Instant failedFrom, Instant failedBefore, long afterId, int limit) {
  public static DeadLetterQuery all(String destination, int limit) {
    return new DeadLetterQuery(destination, null, null, null, 0, limit);
  }
}
