/**
 * The {@code kafka} transport: each message becomes one record of a Kafka topic ({@link
 * io.tributary.connectors.kafka.KafkaTransportFactory}).
 *
 * <p>A record's key is the message's profile id and its value the payload's bytes; its headers are
 * {@code Idempotency-Key}, {@code Tributary-Destination} and {@code Tributary-Ingested-At} (an
 * ISO-8601 instant).
 *
 * <p><b>Ordering.</b> Records of one profile share a key, hence a partition, and a send returns
 * only once every record it made is acknowledged, so a profile's records are in the topic in the
 * order its events were processed. With {@code acks: all} (the default) the producer is idempotent,
 * so its own retries neither duplicate nor reorder records; with {@code acks} 1 or 0 it keeps one
 * request in flight per broker for the same reason.
 *
 * <p><b>Idempotency.</b> A send that failed is repeated as a whole, and some of its records may
 * have been written the first time: delivery is at least once. Consumers drop repeats by the
 * {@code Idempotency-Key} header, which is the same for every send of one event to one destination.
 *
 * <p><b>Failures.</b> A send fails when a record is not acknowledged within {@code
 * delivery.timeout.ms} (30 s unless {@code properties} say otherwise), or the producer waited
 * longer than {@code max.block.ms} (10 s) for the topic's metadata. Failures are retried later,
 * except refusals that the same records will meet again: a record too large, authorization or
 * authentication refused, an invalid topic.
 */
package io.tributary.connectors.kafka;
