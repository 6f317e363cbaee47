package io.tributary.core.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How failed sends are retried: exponential backoff with jitter from {@code initialBackoff} up to
 * {@code maxBackoff}, at most {@code maxAttempts} sends in all and no retry
 * once the message is older than {@code maxAge}; then it goes to the dead-letter queue.
 */
public record RetryPolicy(int maxAttempts, Duration maxAge, Duration initialBackoff, Duration maxBackoff) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(10, Duration.ofHours(24), Duration.ofMillis(500), Duration.ofMinutes(5));

  public RetryPolicy {
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("Expected maxAttempts >= 1 and 0 <= initialBackoff <= maxBackoff");
    }
  }

  /**
   * How long to wait before the next send after {@code attempts} failed ones: a uniformly random
   * time between half and all of {@code min(maxBackoff, initialBackoff * 2^(attempts-1))} (so
   * senders that failed together do not retry together, yet each waits at least half its share),
   * and never less than what the receiver asked for with {@code Retry-After}.
   */
  public Duration backoff(int attempts, Duration retryAfter, RandomGenerator random) {
    long base = initialBackoff.toMillis();
    long cap = maxBackoff.toMillis();
    int doublings = Math.max(0, attempts - 1);
    // Shifted no further than fits in a long; beyond that, the cap is the smaller.
    long bound = base == 0 || doublings < Long.numberOfLeadingZeros(base) - 1 ? Math.min(cap, base << doublings) : cap;
    long wait = bound <= 1 ? bound : bound / 2 + random.nextLong(bound - bound / 2 + 1);
    if (retryAfter != null && retryAfter.toMillis() > wait) {
      wait = retryAfter.toMillis();
    }
    return Duration.ofMillis(wait);
  }
}
