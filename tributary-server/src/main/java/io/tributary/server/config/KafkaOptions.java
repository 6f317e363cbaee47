package io.tributary.server.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The event log on Kafka, used when {@link StorageOptions#mode()} is {@link
 * StorageMode#KAFKA_POSTGRES}.
 *
 * @param bootstrapServers see {@link Settings#KAFKA_BOOTSTRAP_SERVERS}; present in that mode
 * @param topic see {@link Settings#KAFKA_TOPIC}
 * @param partitions see {@link Settings#KAFKA_PARTITIONS}
 * @param replicationFactor see {@link Settings#KAFKA_REPLICATION_FACTOR}; empty for the broker's
 *     default
 * @param groupId see {@link Settings#KAFKA_GROUP_ID}
 * @param clientId see {@link Settings#KAFKA_CLIENT_ID}; empty for the host name
 */
public record KafkaOptions(
    Optional<String> bootstrapServers,
    String topic,
    int partitions,
    Optional<Short> replicationFactor,
    String groupId,
    Optional<String> clientId) {

  /** @throws IllegalArgumentException if a value breaks its setting's rule */
  public KafkaOptions {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    bootstrapServers.ifPresent(Settings.KAFKA_BOOTSTRAP_SERVERS::requireValid);
    Settings.KAFKA_TOPIC.requireValid(topic);
    Settings.KAFKA_PARTITIONS.requireValid(partitions);
    Objects.requireNonNull(replicationFactor, "replicationFactor");
    replicationFactor.ifPresent(Settings.KAFKA_REPLICATION_FACTOR::requireValid);
    Settings.KAFKA_GROUP_ID.requireValid(groupId);
    Objects.requireNonNull(clientId, "clientId");
    clientId.ifPresent(Settings.KAFKA_CLIENT_ID::requireValid);
  }
}
