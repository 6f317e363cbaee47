package io.tributary.core.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * Stops a worker from hammering a destination that is down: after {@code threshold} retryable
 * failures in a row it opens, and no send is made until the cool-down has passed; then one probe is
 * let through (half open). A success closes it, a failure opens it again with twice the cool-down,
 * up to a maximum.
 *
 * <p>Hand-written rather than taken from a resilience library: it lives inside one worker's
 * single-threaded dispatch loop, which needs to know the instant it may next send in order to
 * sleep until then, and that is all of it. Not thread-safe.
 */
final class CircuitBreaker {
  private final int threshold;
  private final Duration firstCoolDown;
  private final Duration maxCoolDown;
  private int failuresInARow;
  private Duration coolDown;
  private Instant openUntil;
  private boolean probing;

  CircuitBreaker(int threshold, Duration firstCoolDown, Duration maxCoolDown) {
    this.threshold = threshold;
    this.firstCoolDown = firstCoolDown;
    this.maxCoolDown = maxCoolDown;
    this.coolDown = firstCoolDown;
  }

  /**
   * @return the instant sends may resume, or null when one may be made now given {@code inFlight}
   *     sends already under way (a half-open breaker allows one)
   */
  Instant blockedUntil(Instant now, int inFlight) {
    if (openUntil == null) {
      return null;
    }
    if (now.isBefore(openUntil)) {
      return openUntil;
    }
    return probing || inFlight > 0 ? openUntil.plus(coolDown) : null;
  }

  /** A send was made while the breaker was open or half open: it is the probe. */
  void sending() {
    if (openUntil != null) {
      probing = true;
    }
  }

  /** @return true if this closed the breaker */
  boolean succeeded() {
    failuresInARow = 0;
    probing = false;
    coolDown = firstCoolDown;
    boolean wasOpen = openUntil != null;
    openUntil = null;
    return wasOpen;
  }

  /** @return true if this opened the breaker */
  boolean failed(Instant now) {
    failuresInARow++;
    if (openUntil != null) {
      if (probing) {
        probing = false;
        coolDown = coolDown.multipliedBy(2).compareTo(maxCoolDown) > 0 ? maxCoolDown : coolDown.multipliedBy(2);
        openUntil = now.plus(coolDown);
      }
      return false;
    }
    if (failuresInARow >= threshold) {
      openUntil = now.plus(coolDown);
      return true;
    }
    return false;
  }

  boolean isOpen() {
    return openUntil != null;
  }
}
