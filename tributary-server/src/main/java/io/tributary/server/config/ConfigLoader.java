package io.tributary.server.config;

import static io.tributary.server.config.Settings.*;

import io.tributary.core.identity.IdentityRules;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Loads a {@link TributaryConfig}: reads the file and the environment, resolves each setting
 * (environment over file over default), then assembles the option records. Problems are collected
 * at every step and reported together.
 */
final class ConfigLoader {

  private final Problems problems = new Problems();
  private final Map<Setting<?>, Optional<?>> values = new HashMap<>();

  private ConfigLoader() {}

  static TributaryConfig load(Optional<Path> file, Map<String, String> env) {
    return new ConfigLoader().run(file, env);
  }

  private TributaryConfig run(Optional<Path> file, Map<String, String> env) {
    Map<String, RawValue> raw = new HashMap<>();
    file.ifPresent(path -> raw.putAll(YamlFileReader.read(path, problems)));
    raw.putAll(EnvironmentReader.read(env, problems));
    for (Setting<?> setting : Settings.all()) {
      resolve(setting, raw.get(setting.key()));
    }
    requireSettingsOfStorageMode(raw);
    failIfProblems();
    TributaryConfig config = assemble();
    failIfProblems();
    return config;
  }

  private <T> void resolve(Setting<T> setting, RawValue raw) {
    if (raw == null) {
      values.put(setting, setting.defaultValue());
      return;
    }
    Problems local = new Problems();
    Optional<T> value = raw.read(setting.type(), setting.key(), local);
    value.ifPresent(v -> setting.type().validate(v, setting.key(), local));
    problems.addAll(local, " (in " + raw.origin() + ")");
    values.put(setting, value);
  }

  /**
   * Reports each setting that the storage mode needs but that is not configured. Checked with the
   * values rather than when {@link StorageOptions} is built, so that each is a problem of its own
   * and reported together with invalid values.
   */
  private void requireSettingsOfStorageMode(Map<String, RawValue> raw) {
    optional(STORAGE_MODE).ifPresent(mode -> {
      for (Setting<String> setting : StorageOptions.requiredSettings(mode)) {
        if (!raw.containsKey(setting.key())) {
          StorageOptions.reportUnset(setting, mode, problems);
        }
      }
      // Other settings of the embedded log are ignored in this mode; a retention that silently
      // did nothing would keep data the operator means to be gone.
      if (mode == StorageMode.KAFKA_POSTGRES && optional(LOG_RETENTION_HOURS).orElse(0) > 0) {
        problems.add(LOG_RETENTION_HOURS.key(), "applies to the embedded log only; with " + STORAGE_MODE.key() + " "
            + mode.spelling() + " the topic's own retention.ms keeps the log, so set that and leave this at 0");
      }
      if (mode == StorageMode.KAFKA_POSTGRES && optional(LOG_RETENTION_DROPS_TIMELINE).orElse(false)) {
        problems.add(LOG_RETENTION_DROPS_TIMELINE.key(), "applies to the embedded log's retention only; with "
            + STORAGE_MODE.key() + " " + mode.spelling() + " the timeline keeps its rows, so leave this at false");
      }
    });
  }

  private TributaryConfig assemble() {
    var http = attempt(() -> new HttpOptions(get(HTTP_HOST), get(HTTP_PORT)));
    var data = attempt(() -> new DataOptions(get(DATA_DIR)));
    var kafka = attempt(() -> new KafkaOptions(
        optional(KAFKA_BOOTSTRAP_SERVERS),
        get(KAFKA_TOPIC),
        get(KAFKA_PARTITIONS),
        optional(KAFKA_REPLICATION_FACTOR),
        get(KAFKA_GROUP_ID),
        optional(KAFKA_CLIENT_ID)));
    var postgres = attempt(() -> new PostgresOptions(
        optional(POSTGRES_URL), get(POSTGRES_USER), optional(POSTGRES_PASSWORD),
        get(POSTGRES_POOL_SIZE)));
    var admin = attempt(() -> new AdminOptions(optional(ADMIN_TOKEN)));
    var ingest = attempt(() -> new IngestOptions(
        get(INGEST_MAX_EVENT_BYTES),
        get(INGEST_MAX_BATCH_BYTES),
        get(INGEST_MAX_PENDING_EVENTS),
        get(INGEST_MAX_PROCESSING_LAG),
        get(INGEST_RETRY_AFTER_SECONDS)));
    var log = attempt(() -> new LogOptions(get(LOG_GROUP_COMMIT_MAX_EVENTS), get(LOG_SYNCHRONOUS), get(LOG_RETENTION_HOURS), get(LOG_RETENTION_DROPS_TIMELINE)));
    var processor = attempt(() -> new ProcessorOptions(get(PROCESSOR_BATCH_SIZE), get(PROCESSOR_DEDUP_WINDOW_HOURS)));
    Optional<IdentityRules> identity = IdentityRulesAssembler.assemble(
        get(IDENTITY_DEFAULT_PHONE_REGION), get(IDENTITY_TYPES), get(IDENTITY_EXTERNAL_IDS),
        problems);
    var metrics = new MetricsOptions(get(METRICS_ENABLED));
    failIfProblems();
    var storage =
        new StorageOptions(get(STORAGE_MODE), kafka.orElseThrow(), postgres.orElseThrow());
    return new TributaryConfig(http.orElseThrow(), data.orElseThrow(), storage,
        admin.orElseThrow(), get(SOURCES), ingest.orElseThrow(), log.orElseThrow(),
        processor.orElseThrow(), identity.orElseThrow(), metrics, get(DESTINATIONS));
  }

  /** Builds one option record; a rule across its settings that fails becomes a problem. */
  private <T> Optional<T> attempt(Supplier<T> build) {
    try {
      return Optional.of(build.get());
    } catch (IllegalArgumentException e) {
      problems.addKeyed(e.getMessage());
      return Optional.empty();
    }
  }

  private <T> T get(Setting<T> setting) {
    return optional(setting).orElseThrow(
        () -> new IllegalStateException("Setting " + setting.key() + " has no value and no default"));
  }

  @SuppressWarnings("unchecked") // resolve() stored a value read by the setting's own type
  private <T> Optional<T> optional(Setting<T> setting) {
    return (Optional<T>) values.get(setting);
  }

  private void failIfProblems() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems.messages());
    }
  }
}
