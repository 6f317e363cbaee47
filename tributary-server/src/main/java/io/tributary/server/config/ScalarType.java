package io.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Optional;

/** A type whose environment-variable form is the plain text of the value. */
abstract class ScalarType<T> implements ValueType<T> {

  @Override
  public Optional<T> readEnv(String text, String path, Problems problems) {
    return read(TextNode.valueOf(text), path, problems);
  }

  /** Reports that {@code node} is not of this type. */
  final Optional<T> mismatch(JsonNode node, String path, Problems problems) {
    problems.add(path, "expected " + description() + ", but was " + Shown.node(node));
    return Optional.empty();
  }
}
