package io.tributary.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Test helper: writes YAML files and loads configurations from them. */
final class ConfigFiles {

  private ConfigFiles() {}

  static Path write(Path dir, String yaml) {
    try {
      return Files.writeString(dir.resolve("tributary.yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TributaryConfig load(Path file) {
    return TributaryConfig.load(Optional.of(file), Map.of());
  }

  static TributaryConfig loadEnv(Map<String, String> env) {
    return TributaryConfig.load(Optional.empty(), env);
  }
}
