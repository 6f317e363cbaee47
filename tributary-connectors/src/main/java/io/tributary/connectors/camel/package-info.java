/**
 * The {@code camel} transport: payloads to any Apache Camel endpoint URI, one Camel message each.
 *
 * <p>Delivery is at least once. A send of several messages (a batch window, in batch mode) stops at
 * the first failure and is then sent again whole, so a receiver may get a message more than once:
 * every message carries an {@code Idempotency-Key} header, the same for every send of one event to
 * one destination, by which it can drop repeats. {@code TributaryProfileId} and {@code
 * TributaryDestination} say whose event it is and where it was going; {@code CamelFileName}
 * defaults to {@code <idempotency key>.json}, so a file or FTP endpoint overwrites its own earlier
 * copy rather than adding one.
 *
 * <p>A failure is retried unless it cannot change: an endpoint that cannot be resolved, or a body
 * the endpoint cannot convert, goes to the dead-letter queue. Failure texts name the exceptions and
 * never hold the payload.
 */
package io.tributary.connectors.camel;
