package io.tributary.core.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * The event that caused a change in the identity graph: an identifier linked, or two profiles
 * merged.
 */
public record EventRef(String sourceId, String messageId, int partition, long position, Instant timestamp) {
  public EventRef {
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
