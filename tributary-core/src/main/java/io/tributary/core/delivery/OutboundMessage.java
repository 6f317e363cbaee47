package io.tributary.core.delivery;

import java.time.Instant;
import java.util.Objects;

/**
 * One message in a destination's outbox, as a transport sends it.
 *
 * @param id the outbox id: unique in the state store, increasing in the order messages were
 *     written
 * @param destination the destination's name
 * @param lane the lane of the profile ({@link Lanes#of}); messages of one lane are sent in id order
 * @param profileId the profile the event was resolved to when it was processed
 * @param idempotencyKey the same for every send of one event to one destination, and different for
 *     any other event or destination; receivers drop repeats by it
 * @param payload the mapped payload (UTF-8 JSON)
 * @param ingestedAt when the hub received the event, for end-to-end latency and batch windows
 * @param attempts how many sends of it already failed
 * @param firstFailedAt when the first send failed, null while none has
 * @param notBefore when the next send may be made (after a failed one), null when at once
 */
public record OutboundMessage(
    long id,
    String destination,
    int lane,
    String profileId,
    String idempotencyKey,
    byte[] payload,
    Instant ingestedAt,
    int attempts,
    Instant firstFailedAt,
    Instant notBefore) {
  public OutboundMessage {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(profileId, "profileId");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(ingestedAt, "ingestedAt");
  }

  /** This message after one more failed send, to be sent again at {@code next}. */
  OutboundMessage failedOnce(Instant now, Instant next) {
    return new OutboundMessage(
        id, destination, lane, profileId, idempotencyKey, payload, ingestedAt, attempts + 1, firstFailedAt == null ? now : firstFailedAt, next);
  }
}
