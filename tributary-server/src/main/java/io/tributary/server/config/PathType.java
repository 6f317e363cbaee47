package io.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** A file system path, relative to the working directory unless absolute. */
final class PathType extends ScalarType<Path> {

  @Override
  public String description() {
    return "a non-empty file system path";
  }

  @Override
  public Optional<Path> read(JsonNode node, String path, Problems problems) {
    if (!node.isTextual()) {
      return mismatch(node, path, problems);
    }
    try {
      return Optional.of(Path.of(node.textValue()));
    } catch (InvalidPathException e) {
      problems.add(path, "expected " + description() + ", but was " + Shown.text(node.textValue())
          + " (" + e.getReason() + ")");
      return Optional.empty();
    }
  }

  @Override
  public void validate(Path value, String path, Problems problems) {
    if (value.toString().isBlank()) {
      problems.add(path, "expected " + description() + ", but was empty");
    }
  }

  @Override
  public JsonNode write(Path value) {
    return TextNode.valueOf(value.toString());
  }
}
