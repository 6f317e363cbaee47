package io.tributary.core.log;

import java.util.Objects;

/**
 * What is appended to the event log: one encoded {@link io.tributary.core.event.Event}.
 *
 * @param key the partition key: events with the same key keep their order (the source and the
 *     sender's user or anonymous id)
 * @param payload the event encoded by {@link io.tributary.core.event.EventCodec}
 */
public record LogRecord(String key, byte[] payload) {
  public LogRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(payload, "payload");
  }
}
