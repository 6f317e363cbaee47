package io.tributary.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka clients of the event log, configured from its options, and the topic they share. */
final class KafkaClients {
  /** The longest an append's {@code send} may block a request thread for producer memory. */
  static final Duration MAX_BLOCK = Duration.ofMillis(100);

  private static final int BATCH_BYTES = 16 * 1024;

  private KafkaClients() {}

  static KafkaProducer<String, byte[]> producer(KafkaLogOptions options, int partitions) {
    Map<String, Object> config = common(options, "producer");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.put(ProducerConfig.LINGER_MS_CONFIG, (int) options.linger().toMillis());
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, options.compression());
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
    // The log refuses appends past maxPendingBytes itself. The producer allocates whole batches, so
    // its memory also holds the unused rest of a few batches per partition.
    config.put(
        ProducerConfig.BUFFER_MEMORY_CONFIG, options.maxPendingBytes() + 8L * BATCH_BYTES * partitions);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK.toMillis());
    int delivery = (int) options.deliveryTimeout().toMillis();
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
    // Room for a second try within the delivery timeout when a broker hangs without disconnecting.
    config.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        Math.min(30_000, (delivery - (int) options.linger().toMillis()) / 2));
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  static KafkaConsumer<byte[], byte[]> reader(KafkaLogOptions options) {
    Map<String, Object> config = common(options, "reader");
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  static Admin admin(KafkaLogOptions options, Duration timeout) {
    Map<String, Object> config = common(options, "admin");
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    return Admin.create(config);
  }

  /**
   * Creates the topic unless it exists.
   *
   * @return the topic's partition count, which is the existing topic's own if it was there
   */
  static int ensureTopic(Admin admin, KafkaLogOptions options, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return admin
            .describeTopics(List.of(options.topic()))
            .allTopicNames()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .get(options.topic())
            .partitions()
            .size();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      try {
        return admin
            .createTopics(List.of(newTopic(options)))
            .numPartitions(options.topic())
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        // Another instance created it first: describe it again.
        if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() - deadline > 0) {
          throw e;
        }
      }
    }
  }

  /** Waits until the producer knows the topic's partitions, so that appends need not wait for it. */
  static void awaitMetadata(Producer<?, ?> producer, String topic, Duration timeout) throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        producer.partitionsFor(topic);
        return;
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        // each attempt waits at most MAX_BLOCK
        if (System.nanoTime() - deadline > 0) {
          TimeoutException timedOut =
              new TimeoutException("The producer did not learn the partitions of topic '" + topic + "' within " + timeout);
          timedOut.initCause(e);
          throw timedOut;
        }
      }
    }
  }

  private static NewTopic newTopic(KafkaLogOptions options) {
    short rf = options.replicationFactor();
    NewTopic topic =
        new NewTopic(options.topic(), Optional.of(options.partitions()), rf < 0 ? Optional.empty() : Optional.of(rf));
    // The log is the source of truth that state is rebuilt from: keep every event, whatever the
    // brokers' default retention (7 days out of the box).
    Map<String, String> configs = new java.util.HashMap<>(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
    if (rf >= 3) {
      // acks=all means "every in-sync replica"; without this one replica would be enough.
      configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
    }
    return topic.configs(configs);
  }

  private static Map<String, Object> common(KafkaLogOptions options, String role) {
    Map<String, Object> config = new HashMap<>(options.clientProperties());
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    config.put(CommonClientConfigs.CLIENT_ID_CONFIG, options.clientId() + "-log-" + role);
    return config;
  }
}
