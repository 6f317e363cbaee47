package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(180)
class KafkaBrokerIT {

  @Test
  void shouldKeepAProducedRecordAcrossARestart() throws Exception {
    try (KafkaBroker broker = KafkaBroker.create()) {
      // given
      broker.start();
      System.out.println("Kafka broker started in " + broker.lastStartDuration().toMillis() + " ms");
      broker.createTopic("greetings", 2);
      try (var producer = producer(broker)) {
        producer.send(new ProducerRecord<>("greetings", "k", "hello")).get(30, TimeUnit.SECONDS);
      }
      assertThat(readAll(broker, "greetings", 2)).containsExactly("hello");

      // when
      long stopping = System.nanoTime();
      broker.restart();
      System.out.println(
          "Kafka broker restarted in " + Duration.ofNanos(System.nanoTime() - stopping).toMillis()
              + " ms (start " + broker.lastStartDuration().toMillis() + " ms)");

      // then
      assertThat(broker.isRunning()).isTrue();
      assertThat(readAll(broker, "greetings", 2)).containsExactly("hello");
    }
  }

  @Test
  void shouldDeleteItsDataWhenClosed() {
    // given
    KafkaBroker broker = KafkaBroker.create();
    var dir = broker.logFile().getParent();
    assertThat(dir).isDirectory();
    // when
    broker.close();
    // then
    assertThat(Files.exists(dir)).isFalse();
    assertThat(broker.isRunning()).isFalse();
  }

  private static KafkaProducer<String, String> producer(KafkaBroker broker) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(),
        new StringSerializer());
  }

  private static List<String> readAll(KafkaBroker broker, String topic, int partitions) {
    List<TopicPartition> assigned = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      assigned.add(new TopicPartition(topic, p));
    }
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, Duration.ofSeconds(30));
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (assigned.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        assertThat(System.nanoTime()).as("reading %s up to %s", topic, ends).isLessThan(deadline);
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      return values;
    }
  }
}
