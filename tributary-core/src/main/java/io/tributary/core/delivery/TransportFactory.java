package io.tributary.core.delivery;

import io.tributary.core.event.FieldError;
import java.util.List;
import java.util.Map;

/** Makes the transports of one type from definitions' options. */
public interface TransportFactory {

  /** The type name used in definitions, e.g. {@code http}. */
  String type();

  /**
   * Checks options without side effects.
   *
   * @return one error per unknown, missing or invalid option, each naming the field as {@code
   *     transport.<name>}; empty when the options are valid
   */
  List<FieldError> validate(Map<String, Object> options, DeliveryMode mode);

  /**
   * Creates the transport of a destination whose options {@link #validate validated}.
   *
   * @throws RuntimeException when the transport cannot be set up (e.g. its Camel route does not
   *     start); the destination is then not replaced
   */
  Transport create(String destination, Map<String, Object> options, DeliveryMode mode);
}
