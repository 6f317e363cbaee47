package io.tributary.connectors.kafka;

import static io.tributary.connectors.TransportDriver.awaitDelivered;
import static io.tributary.connectors.kafka.TopicFixtures.freshTopic;
import static io.tributary.connectors.kafka.TopicFixtures.message;
import static io.tributary.connectors.kafka.TopicFixtures.read;
import static io.tributary.connectors.kafka.TopicFixtures.transport;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.delivery.SendResult;
import io.tributary.testkit.KafkaBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Brokers that do not answer: none at all, and the shared one stopped; the shared broker is left running. */
@Timeout(180)
class KafkaTransportOutageIT {
  private static final Map<String, Object> SHORT_TIMEOUTS =
      Map.of("max.block.ms", 1_000, "delivery.timeout.ms", 2_000, "request.timeout.ms", 1_000);

  @AfterEach
  void leaveTheSharedBrokerRunning() {
    KafkaBroker.shared();
  }

  @Test
  void shouldFailRetryablyWithinItsTimeoutWhenNoBrokerAnswers() throws IOException {
    // given: a port nothing listens on
    int port;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (var transport = transport("127.0.0.1:" + port, "customers", SHORT_TIMEOUTS)) {
      // when
      long start = System.nanoTime();
      SendResult result = transport.send(List.of(message(1, "profile-1", "{}")));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // then
      assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class, f -> {
        assertThat(f.retryable()).isTrue();
        assertThat(f.response()).startsWith("kafka: TimeoutException: ");
      });
      assertThat(took).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void shouldFailRetryablyWhileTheBrokerIsDownAndDeliverOnceItIsBack() {
    // given: a transport that has sent to the broker
    KafkaBroker broker = KafkaBroker.shared();
    String topic = freshTopic(broker, 1);
    try (var transport = transport(broker.bootstrapServers(), topic, SHORT_TIMEOUTS)) {
      assertThat(transport.send(List.of(message(1, "profile-1", "{\"seq\":1}")))).isEqualTo(SendResult.DELIVERED);
      // when
      broker.stop();
      long start = System.nanoTime();
      SendResult whileDown = transport.send(List.of(message(2, "profile-1", "{\"seq\":2}")));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // then
      assertThat(whileDown).isInstanceOfSatisfying(SendResult.Failed.class, f -> {
        assertThat(f.retryable()).as(f.response()).isTrue();
        assertThat(f.response()).startsWith("kafka: ");
      });
      assertThat(took).isLessThan(Duration.ofSeconds(10));

      // and when the broker is back, the same message is sent again
      broker.start();
      awaitDelivered(() -> transport.send(List.of(message(2, "profile-1", "{\"seq\":2}"))));
      assertThat(read(broker, topic, 2)).extracting(r -> r.value()).containsExactly("{\"seq\":1}", "{\"seq\":2}");
    }
  }
}
