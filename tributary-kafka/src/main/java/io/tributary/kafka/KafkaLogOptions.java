package io.tributary.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the event log on a Kafka topic.
 *
 * @param bootstrapServers where the clients first connect, {@code host:port[,host:port...]}
 * @param topic the topic holding the log
 * @param partitions how many partitions to create the topic with when it is missing; an existing
 *     topic keeps its own count
 * @param replicationFactor the replication factor of a created topic; -1 for the brokers' {@code
 *     default.replication.factor}
 * @param clientId the prefix of the Kafka client ids, to tell hub instances apart on the brokers
 * @param maxPendingRecords most records appended and not yet acknowledged before appends are
 *     refused
 * @param maxPendingBytes most bytes (keys and payloads) appended and not yet acknowledged before
 *     appends are refused
 * @param deliveryTimeout how long an append may wait for the brokers' acknowledgement before it
 *     fails, and how long opening may wait for the brokers
 * @param linger how long the producer waits to let concurrent appends share a request
 * @param compression the producer's {@code compression.type}: {@code none}, {@code lz4}, {@code
 *     snappy}, {@code gzip} or {@code zstd}; lz4 by default, as it falls back to pure Java where
 *     its native library cannot load, and zstd and snappy need theirs (on JDK 24+ the native
 *     library wants {@code --enable-native-access=ALL-UNNAMED}, as sqlite-jdbc's does)
 * @param refreshInterval how often the end offsets are fetched from the brokers
 * @param retryAfterMillis what to tell refused appenders to wait
 * @param clientProperties further Kafka client settings (security, for instance) for every client
 *     of the log; the settings the log's guarantees rest on (acks, idempotence, serializers,
 *     timeouts and bounds above) cannot be overridden here
 */
public record KafkaLogOptions(
    String bootstrapServers,
    String topic,
    int partitions,
    short replicationFactor,
    String clientId,
    int maxPendingRecords,
    long maxPendingBytes,
    Duration deliveryTimeout,
    Duration linger,
    String compression,
    Duration refreshInterval,
    long retryAfterMillis,
    Map<String, String> clientProperties) {

  private static final Set<String> COMPRESSIONS = Set.of("none", "lz4", "snappy", "gzip", "zstd");

  public KafkaLogOptions {
    require(bootstrapServers, "bootstrapServers");
    require(topic, "topic");
    require(clientId, "clientId");
    Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
    Objects.requireNonNull(linger, "linger");
    Objects.requireNonNull(refreshInterval, "refreshInterval");
    Objects.requireNonNull(compression, "compression");
    clientProperties = Map.copyOf(Objects.requireNonNull(clientProperties, "clientProperties"));
    check(partitions >= 1, "partitions >= 1", partitions);
    check(replicationFactor == -1 || replicationFactor >= 1, "replicationFactor -1 or >= 1", replicationFactor);
    check(maxPendingRecords >= 1, "maxPendingRecords >= 1", maxPendingRecords);
    check(maxPendingBytes >= 1, "maxPendingBytes >= 1", maxPendingBytes);
    check(!linger.isNegative() && linger.compareTo(Duration.ofSeconds(1)) <= 0, "linger within [0, 1 s]", linger);
    check(
        deliveryTimeout.compareTo(linger.plusSeconds(1)) >= 0,
        "deliveryTimeout at least linger + 1 s",
        deliveryTimeout);
    check(refreshInterval.toMillis() >= 10, "refreshInterval >= 10 ms", refreshInterval);
    check(COMPRESSIONS.contains(compression), "compression one of " + COMPRESSIONS, compression);
    check(retryAfterMillis >= 0, "retryAfterMillis >= 0", retryAfterMillis);
  }

  /**
   * 12 partitions, the brokers' replication factor, at most 100,000 records or 32 MB pending, a
   * 25-second delivery timeout (less than the ingest's 30 seconds, so an append fails before the
   * HTTP request gives up), 5 ms linger, lz4, end offsets every 250 ms.
   */
  public static KafkaLogOptions defaults(String bootstrapServers, String topic) {
    return new KafkaLogOptions(
        bootstrapServers,
        topic,
        12,
        (short) -1,
        "tributary",
        100_000,
        32L * 1024 * 1024,
        Duration.ofSeconds(25),
        Duration.ofMillis(5),
        "lz4",
        Duration.ofMillis(250),
        1_000,
        Map.of());
  }

  public KafkaLogOptions withPartitions(int partitions, short replicationFactor) {
    return new KafkaLogOptions(
        bootstrapServers, topic, partitions, replicationFactor, clientId, maxPendingRecords,
        maxPendingBytes, deliveryTimeout, linger, compression, refreshInterval, retryAfterMillis,
        clientProperties);
  }

  public KafkaLogOptions withPendingLimits(int maxPendingRecords, long maxPendingBytes) {
    return new KafkaLogOptions(
        bootstrapServers, topic, partitions, replicationFactor, clientId, maxPendingRecords,
        maxPendingBytes, deliveryTimeout, linger, compression, refreshInterval, retryAfterMillis,
        clientProperties);
  }

  public KafkaLogOptions withDeliveryTimeout(Duration deliveryTimeout) {
    return new KafkaLogOptions(
        bootstrapServers, topic, partitions, replicationFactor, clientId, maxPendingRecords,
        maxPendingBytes, deliveryTimeout, linger, compression, refreshInterval, retryAfterMillis,
        clientProperties);
  }

  public KafkaLogOptions withClientId(String clientId) {
    return new KafkaLogOptions(
        bootstrapServers, topic, partitions, replicationFactor, clientId, maxPendingRecords,
        maxPendingBytes, deliveryTimeout, linger, compression, refreshInterval, retryAfterMillis,
        clientProperties);
  }

  private static void require(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException("Expected " + name + " to be set, but it was blank");
    }
  }

  private static void check(boolean ok, String expected, Object actual) {
    if (!ok) {
      throw new IllegalArgumentException("Expected " + expected + ", but was " + actual);
    }
  }
}
