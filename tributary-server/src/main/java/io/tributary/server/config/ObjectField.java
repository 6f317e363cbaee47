package io.tributary.server.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One field of a structured setting's elements, e.g. the {@code id} of a source: defined once,
 * with its type, default and documentation, like a {@link Setting}.
 *
 * @param name the field's name in YAML, e.g. {@code write-key}
 * @param type how the value is read and validated
 * @param required whether the field must be given
 * @param defaultValue the value when the field is not given; empty for required fields and for
 *     fields whose absence means "none"
 * @param documentation one or two sentences for the docs
 */
record ObjectField<V>(
    String name,
    ValueType<V> type,
    boolean required,
    Optional<V> defaultValue,
    String documentation) {

  ObjectField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(documentation, "documentation");
    if (required && defaultValue.isPresent()) {
      throw new IllegalArgumentException("Expected a required field without default: " + name);
    }
  }

  static <V> ObjectField<V> required(String name, ValueType<V> type, String documentation) {
    return new ObjectField<>(name, type, true, Optional.empty(), documentation);
  }

  static <V> ObjectField<V> optional(String name, ValueType<V> type, String documentation) {
    return new ObjectField<>(name, type, false, Optional.empty(), documentation);
  }

  static <V> ObjectField<V> withDefault(
      String name, ValueType<V> type, V defaultValue, String documentation) {
    return new ObjectField<>(name, type, false, Optional.of(defaultValue), documentation);
  }
}
