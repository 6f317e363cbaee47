package io.tributary.core.delivery;

import java.time.Instant;

/**
 * A message that could not be delivered, kept until it is replayed or discarded.
 *
 * @param id the dead letter's own id
 * @param message the message as it was last sent (its id is the outbox id it had; 0 when its
 *     mapping failed and it never entered the outbox, in which case its payload is the mapping's
 *     input, {@link DeliveryInput#document()}, mapped again when it is replayed)
 * @param failedAt when it was given up
 * @param lastError the last answer or failure, never the payload
 */
public record DeadLetter(long id, OutboundMessage message, Instant failedAt, String lastError) {}
