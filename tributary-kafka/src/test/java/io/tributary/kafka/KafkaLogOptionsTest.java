package io.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaLogOptionsTest {
  private final KafkaLogOptions defaults = KafkaLogOptions.defaults("localhost:9092", "events");

  @Test
  void shouldRejectADeliveryTimeoutShorterThanTheLingerAndARequest() {
    assertThatThrownBy(() -> defaults.withDeliveryTimeout(Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected deliveryTimeout at least linger + 1 s, but was PT0.5S");
  }

  @Test
  void shouldRejectAnUnknownCompressionAndABlankTopic() {
    assertThatThrownBy(() -> new KafkaLogOptions(
            "localhost:9092", "events", 1, (short) 1, "hub", 10, 10, Duration.ofSeconds(1),
            Duration.ZERO, "brotli", Duration.ofMillis(100), 0, Map.of()))
        .hasMessageStartingWith("Expected compression one of");
    assertThatThrownBy(() -> KafkaLogOptions.defaults("localhost:9092", " "))
        .hasMessage("Expected topic to be set, but it was blank");
  }

  @Test
  void shouldKeepItsOwnCopyOfTheClientProperties() {
    Map<String, String> properties = new HashMap<>(Map.of("security.protocol", "SSL"));
    var options = new KafkaLogOptions(
        "localhost:9092", "events", 1, (short) 1, "hub", 10, 10, Duration.ofSeconds(1),
        Duration.ZERO, "none", Duration.ofMillis(100), 0, properties);
    properties.clear();
    assertThat(options.clientProperties()).containsEntry("security.protocol", "SSL");
  }
}
