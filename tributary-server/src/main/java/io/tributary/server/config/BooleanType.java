package io.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import java.util.Optional;

/** {@code true} or {@code false}; in environment variables in any letter case. */
final class BooleanType extends ScalarType<Boolean> {

  @Override
  public String description() {
    return "true or false";
  }

  @Override
  public Optional<Boolean> read(JsonNode node, String path, Problems problems) {
    if (node.isBoolean()) {
      return Optional.of(node.booleanValue());
    }
    if (node.isTextual()) {
      String text = node.textValue().strip();
      if (text.equalsIgnoreCase("true")) {
        return Optional.of(true);
      }
      if (text.equalsIgnoreCase("false")) {
        return Optional.of(false);
      }
    }
    return mismatch(node, path, problems);
  }

  @Override
  public JsonNode write(Boolean value) {
    return BooleanNode.valueOf(value);
  }
}
