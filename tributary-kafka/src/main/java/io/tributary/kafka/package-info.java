/**
 * The event log on an Apache Kafka topic, for several hub instances: {@link
 * io.tributary.kafka.KafkaEventLog}, opened with {@link io.tributary.kafka.KafkaLogOptions}.
 */
package io.tributary.kafka;
