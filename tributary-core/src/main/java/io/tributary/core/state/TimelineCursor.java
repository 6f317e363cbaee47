package io.tributary.core.state;

import java.time.Instant;
import java.util.Objects;

/** A position in a timeline, for keyset pagination. */
public record TimelineCursor(Instant timestamp, int partition, long position) {
  public TimelineCursor {
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
