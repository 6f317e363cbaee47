package io.tributary.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** A list or mapping; in an environment variable it is written in YAML flow syntax or JSON. */
abstract class StructuredType<T> implements ValueType<T> {

  @Override
  public Optional<T> readEnv(String text, String path, Problems problems) {
    JsonNode node;
    try {
      node = Yaml.READER.readTree(text);
    } catch (JacksonException e) {
      problems.add(path, "expected " + description() + " in YAML flow syntax or JSON, but could not"
          + " parse it: " + YamlErrors.describe(e));
      return Optional.empty();
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      problems.add(path, "expected " + description() + ", but was empty");
      return Optional.empty();
    }
    return read(node, path, problems);
  }
}
