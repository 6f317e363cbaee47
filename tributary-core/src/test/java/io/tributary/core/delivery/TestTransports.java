package io.tributary.core.delivery;

import io.tributary.core.event.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A transport type for tests, {@code test}, that sends nowhere. Its one option, {@code target}, is
 * a required string; any other option is refused, the way the real transports refuse theirs.
 */
final class TestTransports implements TransportFactory {
  static final String TYPE = "test";

  private TestTransports() {}

  /** A registry that knows the {@code test} transport only. */
  static TransportRegistry registry() {
    return new TransportRegistry(List.of(new TestTransports()));
  }

  /** A compiler whose registry knows the {@code test} transport only. */
  static DestinationCompiler compiler() {
    return new DestinationCompiler(registry());
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<FieldError> validate(Map<String, Object> options, DeliveryMode mode) {
    List<FieldError> errors = new ArrayList<>();
    if (!(options.get("target") instanceof String)) {
      errors.add(new FieldError("transport.target", "required", "Expected transport.target to be a string"));
    }
    options.keySet().stream()
        .filter(k -> !k.equals("target"))
        .sorted()
        .forEach(k -> errors.add(new FieldError("transport." + k, "unknown-field", "Unknown option '" + k + "'")));
    return errors;
  }

  @Override
  public Transport create(String destination, Map<String, Object> options, DeliveryMode mode) {
    return messages -> SendResult.DELIVERED;
  }
}
