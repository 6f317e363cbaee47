package io.tributary.connectors.kafka;

import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.delivery.Transport;
import io.tributary.core.delivery.TransportFactory;
import io.tributary.core.event.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Makes {@code kafka} transports. Options:
 *
 * <ul>
 *   <li>{@code bootstrap-servers} (required): {@code host:port} pairs separated by commas;
 *   <li>{@code topic} (required): the topic every message goes to;
 *   <li>{@code acks}: {@code all} (the default, with an idempotent producer), {@code 1} or {@code
 *       0};
 *   <li>{@code client-id}: the producer's client id, {@code tributary-<destination>} by default;
 *   <li>{@code properties}: further producer properties by their Kafka names, e.g. {@code
 *       security.protocol}, {@code linger.ms}, or {@code delivery.timeout.ms} (30 s by default) and
 *       {@code max.block.ms} (10 s by default), which bound how long a send waits.
 * </ul>
 */
public final class KafkaTransportFactory implements TransportFactory {

  @Override
  public String type() {
    return "kafka";
  }

  @Override
  public List<FieldError> validate(Map<String, Object> options, DeliveryMode mode) {
    return KafkaTransportOptions.check(options);
  }

  /** Creates the producer; it connects to the brokers on the first send, so a broker down is no error here. */
  @Override
  public Transport create(String destination, Map<String, Object> options, DeliveryMode mode) {
    KafkaTransportOptions read = KafkaTransportOptions.of(options);
    Map<String, Object> config = read.producerConfig(Objects.requireNonNull(destination, "destination"));
    Duration deliveryTimeout = Duration.ofMillis(KafkaTransportOptions.deliveryTimeoutMillis(config));
    return new KafkaTransport(new KafkaProducer<>(config), read.topic(), deliveryTimeout);
  }
}
