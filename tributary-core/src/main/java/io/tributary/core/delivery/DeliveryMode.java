package io.tributary.core.delivery;

import java.time.Duration;
import java.util.Objects;

/** When a destination's messages are sent. */
public sealed interface DeliveryMode {

  /** Each message as soon as it is in the outbox. */
  record Realtime() implements DeliveryMode {}

  /**
   * Messages collected per time window and sent together, one batch per window (a file, for the
   * file transport). A window is {@code [k * window, (k + 1) * window)} counted in UTC from the
   * epoch by each event's ingest time, so a {@code 24h} window closes at midnight UTC; it is sent
   * once it has closed, or earlier when it holds {@code maxSize} messages.
   */
  record Batch(Duration window, int maxSize) implements DeliveryMode {
    public Batch {
      Objects.requireNonNull(window, "window");
      if (window.toMillis() < 1 || maxSize < 1) {
        throw new IllegalArgumentException("Expected a window of at least 1 ms and a maxSize of at least 1");
      }
    }

    /** The start of the window an instant falls in, in epoch milliseconds. */
    public long windowStart(long epochMillis) {
      long w = window.toMillis();
      return Math.floorDiv(epochMillis, w) * w;
    }
  }
}
