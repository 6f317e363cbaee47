package io.tributary.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  /** The problems that loading {@code env} reports; fails if it loads. */
  static List<String> envProblems(Map<String, String> env) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loadEnv(env));
    assertThat(e).as("the problems of %s", env.keySet()).isNotNull();
    return e.problems();
  }
}
