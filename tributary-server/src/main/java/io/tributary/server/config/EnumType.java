package io.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** One of an enum's constants, by its spelling (its name unless given), in any letter case. */
final class EnumType<E extends Enum<E>> extends ScalarType<E> {

  private final Class<E> type;
  private final Function<E, String> spelling;

  /** The constants spelt as their names, e.g. {@code FULL}. */
  EnumType(Class<E> type) {
    this(type, Enum::name);
  }

  /** The constants spelt by {@code spelling}, e.g. {@code kafka+postgres} for KAFKA_POSTGRES. */
  EnumType(Class<E> type, Function<E, String> spelling) {
    this.type = type;
    this.spelling = spelling;
  }

  @Override
  public String description() {
    return "one of "
        + Arrays.stream(type.getEnumConstants()).map(spelling).collect(Collectors.joining(", "));
  }

  @Override
  public Optional<E> read(JsonNode node, String path, Problems problems) {
    if (node.isTextual()) {
      String name = node.textValue().strip().toUpperCase(Locale.ROOT);
      for (E constant : type.getEnumConstants()) {
        if (spelling.apply(constant).toUpperCase(Locale.ROOT).equals(name)) {
          return Optional.of(constant);
        }
      }
    }
    return mismatch(node, path, problems);
  }

  @Override
  public JsonNode write(E value) {
    return TextNode.valueOf(spelling.apply(value));
  }
}
