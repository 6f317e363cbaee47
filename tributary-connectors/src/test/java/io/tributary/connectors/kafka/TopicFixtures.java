package io.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.Transport;
import io.tributary.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Messages, transports and a reader of topics for the tests against the shared broker. */
final class TopicFixtures {
  static final Instant INGESTED = Instant.parse("2025-03-01T12:00:00.123Z");
  private static final AtomicInteger TOPICS = new AtomicInteger();

  private TopicFixtures() {}

  /** A topic no other test uses, created with this many partitions. */
  static String freshTopic(KafkaBroker broker, int partitions) {
    String topic = "destination-" + ProcessHandle.current().pid() + "-" + TOPICS.incrementAndGet();
    broker.createTopic(topic, partitions);
    return topic;
  }

  /** A message of destination {@code crm} whose idempotency key is {@code crm:<id>}. */
  static OutboundMessage message(long id, String profileId, String payload) {
    return new OutboundMessage(
        id, "crm", 0, profileId, "crm:" + id, payload.getBytes(StandardCharsets.UTF_8), INGESTED.plusMillis(id), 0, null, null);
  }

  static Transport transport(String bootstrapServers, String topic, Map<String, Object> properties) {
    Map<String, Object> options = new HashMap<>();
    options.put("bootstrap-servers", bootstrapServers);
    options.put("topic", topic);
    options.put("properties", properties);
    var factory = new KafkaTransportFactory();
    assertThat(factory.validate(options, new DeliveryMode.Realtime())).isEmpty();
    return factory.create("crm", options, new DeliveryMode.Realtime());
  }

  /** The first {@code count} records of the topic, partition by partition; fails after 30 s without them. */
  static List<ConsumerRecord<String, String>> read(KafkaBroker broker, String topic, int count) {
    Map<String, Object> config =
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < count) {
        assertThat(System.nanoTime()).as("reading %d records of %s, got %d", count, topic, records.size()).isLessThan(deadline);
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  static String header(ConsumerRecord<?, ?> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
