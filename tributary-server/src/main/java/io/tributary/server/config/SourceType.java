package io.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One element of {@link Settings#SOURCES}: {@code {id, write-key, name?}}. */
final class SourceType extends ObjectType<SourceOptions> {

  static final ObjectField<String> ID =
      ObjectField.required(
          "id",
          StringType.matching("[a-z][a-z0-9_-]{0,63}"),
          "The source's id; it names the source in events, metrics and the console. Unique.");

  static final ObjectField<String> WRITE_KEY =
      ObjectField.required(
          "write-key",
          StringType.secret(8),
          "The secret the source sends events with (HTTP Basic user name or `writeKey` field)."
              + " Unique.");

  static final ObjectField<String> NAME =
      ObjectField.optional(
          "name",
          StringType.of("a non-blank string", s -> !s.isBlank()),
          "A human-readable name for the console. Defaults to the id.");

  private static final List<ObjectField<?>> FIELDS = List.of(ID, WRITE_KEY, NAME);

  @Override
  String noun() {
    return "a source";
  }

  @Override
  List<ObjectField<?>> fields() {
    return FIELDS;
  }

  @Override
  SourceOptions build(Values values) {
    return new SourceOptions(values.get(ID), values.get(WRITE_KEY), values.optional(NAME));
  }

  @Override
  public JsonNode write(SourceOptions source) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put(ID.name(), source.id());
    node.put(WRITE_KEY.name(), source.writeKey());
    source.name().ifPresent(name -> node.put(NAME.name(), name));
    return node;
  }
}
