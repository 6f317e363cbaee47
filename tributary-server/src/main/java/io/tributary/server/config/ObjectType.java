package io.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A mapping with known fields that becomes one immutable value, e.g. a source. Unknown fields are
 * errors, like unknown settings.
 */
abstract class ObjectType<T> extends StructuredType<T> {

  /** The fields in the order the docs list them. */
  abstract List<ObjectField<?>> fields();

  /** What one value is, e.g. {@code a source}. */
  abstract String noun();

  /** The fields in braces, optional ones marked {@code ?}: {@code {id, write-key, name?}}. */
  final String fieldSummary() {
    return fields().stream()
        .map(f -> f.required() ? f.name() : f.name() + "?")
        .collect(Collectors.joining(", ", "{", "}"));
  }

  @Override
  public final String description() {
    return noun() + " " + fieldSummary();
  }

  /**
   * Builds the value from fields that were each read and validated.
   *
   * @throws IllegalArgumentException if the fields together break a rule of the value
   */
  abstract T build(Values values);

  @Override
  public Optional<T> read(JsonNode node, String path, Problems problems) {
    if (!node.isObject()) {
      problems.add(path, "expected " + description() + ", but was " + Shown.node(node));
      return Optional.empty();
    }
    Problems local = new Problems();
    reportUnknownFields(node, path, local);
    Map<ObjectField<?>, Object> values = new HashMap<>();
    for (ObjectField<?> field : fields()) {
      readField(field, node.get(field.name()), path + "." + field.name(), values, local);
    }
    problems.addAll(local, "");
    if (!local.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(build(new Values(values)));
    } catch (IllegalArgumentException e) {
      problems.add(path, e.getMessage());
      return Optional.empty();
    }
  }

  private void reportUnknownFields(JsonNode node, String path, Problems problems) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (fields().stream().noneMatch(f -> f.name().equals(name))) {
        problems.add(path + "." + name, "unknown field; expected one of "
            + fields().stream().map(ObjectField::name).collect(Collectors.joining(", ")));
      }
    }
  }

  private static <V> void readField(
      ObjectField<V> field,
      JsonNode node,
      String path,
      Map<ObjectField<?>, Object> values,
      Problems problems) {
    if (node == null || node.isNull()) {
      if (field.required()) {
        problems.add(path, "required, expected " + field.type().description());
      }
      field.defaultValue().ifPresent(value -> values.put(field, value));
      return;
    }
    Problems local = new Problems();
    field.type().read(node, path, local).ifPresent(value -> {
      field.type().validate(value, path, local);
      values.put(field, value);
    });
    problems.addAll(local, "");
  }

  /** The values of the fields that were given or have a default. */
  static final class Values {
    private final Map<ObjectField<?>, Object> values;

    private Values(Map<ObjectField<?>, Object> values) {
      this.values = values;
    }

    /** The value of a field that is required or has a default. */
    <V> V get(ObjectField<V> field) {
      return optional(field).orElseThrow(() -> new IllegalStateException(
          "Field " + field.name() + " has neither a value nor a default"));
    }

    @SuppressWarnings("unchecked") // values were put by the field of the same type
    <V> Optional<V> optional(ObjectField<V> field) {
      return Optional.ofNullable((V) values.get(field));
    }
  }
}
