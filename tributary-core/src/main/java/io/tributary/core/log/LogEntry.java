package io.tributary.core.log;

import java.util.Objects;

/**
 * A record as read back from the log.
 *
 * @param partition the log partition (always 0 for the embedded log)
 * @param position the record's position in its partition; strictly increasing, not necessarily
 *     dense
 * @param payload the encoded event
 */
public record LogEntry(int partition, long position, byte[] payload) {
  public LogEntry {
    Objects.requireNonNull(payload, "payload");
  }
}
