package io.tributary.core.delivery;

import java.time.Instant;

/**
 * A token bucket: at most {@code perSecond} sends per second on average, in bursts of up to one
 * second's worth. Single-threaded, like {@link CircuitBreaker}, for the same reason.
 */
final class RateLimit {
  private final double perSecond;
  private final double burst;
  private double tokens;
  private long lastNanos;

  /** @param perSecond 0 for no limit */
  RateLimit(double perSecond, Instant now) {
    this.perSecond = perSecond;
    this.burst = Math.max(1, perSecond);
    this.tokens = burst;
    this.lastNanos = nanos(now);
  }

  /** Takes a token if there is one; otherwise returns when there will be one. */
  Instant take(Instant now) {
    if (perSecond <= 0) {
      return null;
    }
    long t = nanos(now);
    tokens = Math.min(burst, tokens + (t - lastNanos) / 1e9 * perSecond);
    lastNanos = t;
    if (tokens >= 1) {
      tokens -= 1;
      return null;
    }
    return now.plusNanos((long) Math.ceil((1 - tokens) / perSecond * 1e9));
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
