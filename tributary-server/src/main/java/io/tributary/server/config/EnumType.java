package io.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** One of an enum's constants, by name, in any letter case. */
final class EnumType<E extends Enum<E>> extends ScalarType<E> {

  private final Class<E> type;

  EnumType(Class<E> type) {
    this.type = type;
  }

  @Override
  public String description() {
    return "one of "
        + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
  }

  @Override
  public Optional<E> read(JsonNode node, String path, Problems problems) {
    if (node.isTextual()) {
      String name = node.textValue().strip().toUpperCase(Locale.ROOT);
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equals(name)) {
          return Optional.of(constant);
        }
      }
    }
    return mismatch(node, path, problems);
  }

  @Override
  public JsonNode write(E value) {
    return TextNode.valueOf(value.name());
  }
}
