package io.tributary.connectors.kafka;

import static io.tributary.connectors.kafka.TopicFixtures.INGESTED;
import static io.tributary.connectors.kafka.TopicFixtures.freshTopic;
import static io.tributary.connectors.kafka.TopicFixtures.header;
import static io.tributary.connectors.kafka.TopicFixtures.message;
import static io.tributary.connectors.kafka.TopicFixtures.read;
import static io.tributary.connectors.kafka.TopicFixtures.transport;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.connectors.TransportDriver;
import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.SendResult;
import io.tributary.testkit.KafkaBroker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class KafkaTransportIT {
  private final KafkaBroker broker = KafkaBroker.shared();

  @Test
  void shouldWriteARecordKeyedByProfileWithThePayloadAndHeaders() {
    // given
    String topic = freshTopic(broker, 1);
    try (var transport = transport(broker.bootstrapServers(), topic, Map.of())) {
      // when
      SendResult result = transport.send(List.of(message(7, "profile-1", "{\"email\":\"ada@example.com\"}")));
      // then
      assertThat(result).isEqualTo(SendResult.DELIVERED);
      ConsumerRecord<String, String> record = read(broker, topic, 1).getFirst();
      assertThat(record.key()).isEqualTo("profile-1");
      assertThat(record.value()).isEqualTo("{\"email\":\"ada@example.com\"}");
      assertThat(header(record, "Idempotency-Key")).isEqualTo("crm:7");
      assertThat(header(record, "Tributary-Destination")).isEqualTo("crm");
      assertThat(header(record, "Tributary-Ingested-At")).isEqualTo(INGESTED.plusMillis(7).toString()).isEqualTo("2025-03-01T12:00:00.130Z");
    }
  }

  @Test
  void shouldKeepEachProfilesRecordsInOrderWhenThreadsSendAtOnce() throws Exception {
    // given: 8 lanes sending at once, each 20 sends of 5 messages of its own profiles
    String topic = freshTopic(broker, 3);
    try (var transport = transport(broker.bootstrapServers(), topic, Map.of())) {
      TransportDriver.sendFromLanes(transport, 8, 20, (lane, send) -> {
        List<OutboundMessage> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          int seq = send * 5 + i;
          batch.add(message(lane * 1_000L + seq, "profile-" + lane + "-" + (seq % 2), "{\"seq\":" + seq + "}"));
        }
        return batch;
      });
      // then: each profile's records are in one partition, in the order they were sent
      Map<String, List<String>> valuesOfKey = new HashMap<>();
      Map<String, Integer> partitionOfKey = new HashMap<>();
      for (var record : read(broker, topic, 800)) {
        valuesOfKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
        assertThat(partitionOfKey.putIfAbsent(record.key(), record.partition())).as(record.key()).isIn(null, record.partition());
      }
      assertThat(valuesOfKey).hasSize(16);
      valuesOfKey.forEach((key, values) -> {
        int parity = key.endsWith("-0") ? 0 : 1;
        List<String> expected = new ArrayList<>();
        for (int seq = parity; seq < 100; seq += 2) {
          expected.add("{\"seq\":" + seq + "}");
        }
        assertThat(values).as(key).isEqualTo(expected);
      });
    }
  }

  @Test
  void shouldRejectARecordTooLargeWithoutRetryingOrQuotingThePayload() {
    // given: the producer sends requests of at most 1 KiB
    String topic = freshTopic(broker, 1);
    try (var transport = transport(broker.bootstrapServers(), topic, Map.of("max.request.size", 1_024))) {
      String secret = "x".repeat(2_000);
      // when
      SendResult result = transport.send(List.of(message(1, "profile-1", "{\"note\":\"" + secret + "\"}")));
      // then
      assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class, f -> {
        assertThat(f.retryable()).isFalse();
        assertThat(f.response()).startsWith("kafka: RecordTooLargeException: ").doesNotContain(secret.substring(0, 20));
      });
    }
  }
}
