package io.tributary.core.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A message for one destination, written to the outbox in the transaction that processed its
 * event.
 *
 * @param destination the destination's name
 * @param profileId the profile the event was resolved to; decides the lane
 * @param idempotencyKey see {@link #idempotencyKey(String, String, String)}
 * @param payload the mapped payload; when the mapping failed, the mapping's input ({@link
 *     DeliveryInput#document()}) instead, kept in the dead-letter queue so nothing is lost
 * @param ingestedAt when the hub received the event
 * @param failure why the payload could not be made (it then goes straight to the dead-letter
 *     queue), or null
 */
public record OutboxEntry(
    String destination, String profileId, String idempotencyKey, byte[] payload, Instant ingestedAt, String failure) {
  public OutboxEntry {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(profileId, "profileId");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(ingestedAt, "ingestedAt");
  }

  public int lane() {
    return Lanes.of(profileId);
  }

  /**
   * The key of one event (its source and message id) at one destination: a name-based UUID, so
   * every instance and every replay of the log computes the same one, and no two events or
   * destinations share it.
   */
  public static String idempotencyKey(String destination, String sourceId, String messageId) {
    String name = destination + '\u0000' + sourceId + '\u0000' + messageId;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
