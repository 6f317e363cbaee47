package io.tributary.core.delivery;

import java.util.Map;
import java.util.Objects;

/**
 * A transport and its options, as written in a definition.
 *
 * @param type the transport's name: {@code http}, {@code kafka}, {@code jdbc}, {@code file} or
 *     {@code camel}
 * @param options the transport's options as plain JSON values (String, Number, Boolean, List,
 *     Map); each transport validates its own
 */
public record TransportSpec(String type, Map<String, Object> options) {
  public TransportSpec {
    Objects.requireNonNull(type, "type");
    options = Map.copyOf(options);
  }
}
