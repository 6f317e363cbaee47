package io.tributary.bench.load;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shared pause honouring {@code Retry-After}: once any request is throttled, no sender of this run
 * sends again until the server's delay has passed.
 */
public final class BackoffGate {

  private final AtomicLong closedUntilNanos = new AtomicLong(System.nanoTime());

  /** Closes the gate for {@code delay} from now, unless it is already closed for longer. */
  public void pause(Duration delay) {
    long until = System.nanoTime() + delay.toNanos();
    closedUntilNanos.accumulateAndGet(until, Math::max);
  }

  /** Blocks until the gate is open. */
  public void awaitOpen() throws InterruptedException {
    while (true) {
      long wait = closedUntilNanos.get() - System.nanoTime();
      if (wait <= 0) {
        return;
      }
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
