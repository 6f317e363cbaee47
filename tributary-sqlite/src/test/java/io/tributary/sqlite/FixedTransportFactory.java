package io.tributary.sqlite;

import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.delivery.Transport;
import io.tributary.core.delivery.TransportFactory;
import io.tributary.core.event.FieldError;
import java.util.List;
import java.util.Map;

/** A transport type for tests that takes any options and sends every destination's messages through one transport. */
record FixedTransportFactory(String type, Transport transport) implements TransportFactory {
  @Override
  public List<FieldError> validate(Map<String, Object> options, DeliveryMode mode) {
    return List.of();
  }

  @Override
  public Transport create(String destination, Map<String, Object> options, DeliveryMode mode) {
    return transport;
  }
}
