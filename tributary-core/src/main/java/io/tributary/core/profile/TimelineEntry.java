package io.tributary.core.profile;

import io.tributary.core.event.EventType;
import java.time.Instant;
import java.util.Objects;

/**
 * One event in a profile's timeline.
 *
 * @param profileId the profile the event belongs to now (moved on merges)
 * @param partition log partition of the event
 * @param position log position of the event
 * @param type the event type
 * @param name the event name for track, page or screen name, else null
 * @param timestamp when the event happened (corrected)
 * @param messageId the event's message id
 * @param sourceId the source that sent it
 * @param payload the encoded event as kept in the log
 */
public record TimelineEntry(
    String profileId,
    int partition,
    long position,
    EventType type,
    String name,
    Instant timestamp,
    String messageId,
    String sourceId,
    byte[] payload) {
  public TimelineEntry {
    Objects.requireNonNull(profileId, "profileId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(payload, "payload");
  }
}
