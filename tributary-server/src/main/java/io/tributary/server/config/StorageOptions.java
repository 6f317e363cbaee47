package io.tributary.server.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the hub keeps its event log and its state.
 *
 * @param mode see {@link Settings#STORAGE_MODE}
 * @param kafka the log on Kafka; its settings are ignored in {@link StorageMode#EMBEDDED} mode
 * @param postgres the state in PostgreSQL; its settings are ignored in {@link
 *     StorageMode#EMBEDDED} mode
 */
public record StorageOptions(StorageMode mode, KafkaOptions kafka, PostgresOptions postgres) {

  /** @throws IllegalArgumentException if the mode needs a setting that is unset */
  public StorageOptions {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(postgres, "postgres");
    Map<Setting<String>, Optional<String>> values = Map.of(
        Settings.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
        Settings.POSTGRES_URL, postgres.url());
    Problems problems = new Problems();
    for (Setting<String> setting : requiredSettings(mode)) {
      if (values.get(setting).isEmpty()) {
        reportUnset(setting, mode, problems);
      }
    }
    problems.throwIfAny();
  }

  /** The settings without a default that {@code mode} needs. */
  static List<Setting<String>> requiredSettings(StorageMode mode) {
    return switch (mode) {
      case EMBEDDED -> List.of();
      case KAFKA_POSTGRES -> List.of(Settings.KAFKA_BOOTSTRAP_SERVERS, Settings.POSTGRES_URL);
    };
  }

  /** Reports that {@code setting}, which {@code mode} needs, is unset. */
  static void reportUnset(Setting<?> setting, StorageMode mode, Problems problems) {
    problems.add(setting.key(), "required when " + Settings.STORAGE_MODE.key() + " is "
        + mode.spelling() + ", but not set; set it in the file or as " + setting.envName());
  }
}
