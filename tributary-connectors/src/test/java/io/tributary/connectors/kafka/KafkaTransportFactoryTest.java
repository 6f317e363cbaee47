package io.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.event.FieldError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaTransportFactoryTest {
  private static final DeliveryMode REALTIME = new DeliveryMode.Realtime();
  private final KafkaTransportFactory factory = new KafkaTransportFactory();

  private static Map<String, Object> valid() {
    Map<String, Object> options = new HashMap<>();
    options.put("bootstrap-servers", "broker-1:9092,broker-2:9092");
    options.put("topic", "customers.updated");
    return options;
  }

  private List<FieldError> validate(Map<String, Object> options) {
    return factory.validate(options, REALTIME);
  }

  /** Each error as {@code field rule}. */
  private List<String> errors(Map<String, Object> options) {
    return validate(options).stream().map(e -> e.field() + " " + e.rule()).toList();
  }

  @Test
  void shouldAcceptTheRequiredOptionsAlone() {
    assertThat(factory.type()).isEqualTo("kafka");
    assertThat(validate(valid())).isEmpty();
  }

  @Test
  void shouldAcceptEveryOption() {
    // given
    Map<String, Object> options = valid();
    options.put("acks", 1);
    options.put("client-id", "crm-feed");
    options.put("properties", Map.of("linger.ms", 20, "compression.type", "lz4", "delivery.timeout.ms", "60000"));
    // then
    assertThat(validate(options)).isEmpty();
  }

  @Test
  void shouldNameEachMissingRequiredOption() {
    assertThat(errors(Map.of())).containsExactly(
        "transport.bootstrap-servers required",
        "transport.topic required");
  }

  @Test
  void shouldRefuseAnUnknownOption() {
    // given
    Map<String, Object> options = valid();
    options.put("partition", 3);
    // then
    assertThat(validate(options)).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("transport.partition");
      assertThat(e.rule()).isEqualTo("unknown-option");
      assertThat(e.message()).contains("'partition'", "topic");
    });
  }

  @Test
  void shouldRefuseOptionsOfTheWrongType() {
    // given
    Map<String, Object> options = new HashMap<>();
    options.put("bootstrap-servers", List.of("broker-1:9092"));
    options.put("topic", 7);
    options.put("client-id", "");
    options.put("properties", "linger.ms=5");
    // then
    assertThat(errors(options)).containsExactlyInAnyOrder(
        "transport.bootstrap-servers type:string",
        "transport.topic type:string",
        "transport.client-id type:string",
        "transport.properties type:object");
  }

  @Test
  void shouldRefuseMalformedServersTopicAndAcks() {
    // given
    Map<String, Object> options = valid();
    options.put("bootstrap-servers", "broker-1");
    options.put("topic", "customers updated");
    options.put("acks", "2");
    // then
    assertThat(errors(options)).containsExactly(
        "transport.bootstrap-servers format:host-port",
        "transport.topic format:topic",
        "transport.acks one-of");
  }

  @Test
  void shouldRefuseReservedUnknownAndInvalidProducerProperties() {
    // given
    Map<String, Object> options = valid();
    options.put("properties", Map.of("acks", "1", "linger.msec", "5", "batch.size", List.of(1)));
    // then
    assertThat(errors(options)).containsExactly(
        "transport.properties.acks reserved",
        "transport.properties.batch.size type:string",
        "transport.properties.linger.msec unknown-option");
  }

  @Test
  void shouldRefusePropertiesTheProducerWouldRefuse() {
    // given
    Map<String, Object> badValue = valid();
    badValue.put("properties", Map.of("linger.ms", "soon"));
    Map<String, Object> timeoutsApart = valid();
    timeoutsApart.put("properties", Map.of("delivery.timeout.ms", 1_000, "request.timeout.ms", 5_000));
    // then
    assertThat(validate(badValue)).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("transport.properties");
      assertThat(e.rule()).isEqualTo("kafka-config");
      assertThat(e.message()).contains("linger.ms");
    });
    assertThat(validate(timeoutsApart)).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("transport.properties");
      assertThat(e.message()).contains("delivery.timeout.ms (1000)", "request.timeout.ms (5000)");
    });
  }

  @Test
  void shouldMakeTheProducerIdempotentOnlyWithAcksAll() {
    // given
    var all = KafkaTransportOptions.of(valid());
    Map<String, Object> leaderOnly = valid();
    leaderOnly.put("acks", "1");
    var one = KafkaTransportOptions.of(leaderOnly);
    // then
    assertThat(all.producerConfig("crm"))
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true)
        .containsEntry("client.id", "tributary-crm")
        .containsEntry("delivery.timeout.ms", 30_000)
        .doesNotContainKey("max.in.flight.requests.per.connection");
    assertThat(one.producerConfig("crm"))
        .containsEntry("acks", "1")
        .containsEntry("enable.idempotence", false)
        .containsEntry("max.in.flight.requests.per.connection", 1);
  }
}
