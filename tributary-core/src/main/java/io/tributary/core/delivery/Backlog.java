package io.tributary.core.delivery;

import java.time.Instant;

/**
 * How much of one destination waits.
 *
 * @param pending messages in its outbox
 * @param oldestPending when the oldest of them was ingested, null when there is none
 * @param deadLetters messages in its dead-letter queue
 */
public record Backlog(long pending, Instant oldestPending, long deadLetters) {
  public static final Backlog EMPTY = new Backlog(0, null, 0);
}
