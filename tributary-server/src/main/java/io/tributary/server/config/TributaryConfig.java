package io.tributary.server.config;

import io.tributary.core.identity.IdentityRules;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The hub's whole configuration: immutable, and valid by construction (every record in the tree
 * checks its setting rules in its compact constructor).
 *
 * <p>Load it with {@link #load}; the settings, their defaults and rules are listed in {@link
 * Settings} and in {@code docs/configuration.md}.
 *
 * @param http where the HTTP API listens
 * @param data where the hub keeps its data
 * @param storage where the hub keeps its event log and its state: embedded, or Kafka and
 *     PostgreSQL
 * @param admin access to the admin API and console
 * @param sources see {@link Settings#SOURCES}; empty means the server creates a demo source
 * @param ingest limits and backpressure of the ingest endpoints
 * @param log how the embedded event log writes
 * @param processor how the processor consumes the log
 * @param identity the identifier types and default phone region, see {@link
 *     Settings#IDENTITY_TYPES}, {@link Settings#IDENTITY_EXTERNAL_IDS} and {@link
 *     Settings#IDENTITY_DEFAULT_PHONE_REGION}
 * @param metrics metrics
 * @param destinations see {@link Settings#DESTINATIONS}
 */
public record TributaryConfig(
    HttpOptions http,
    DataOptions data,
    StorageOptions storage,
    AdminOptions admin,
    List<SourceOptions> sources,
    IngestOptions ingest,
    LogOptions log,
    ProcessorOptions processor,
    IdentityRules identity,
    MetricsOptions metrics,
    List<io.tributary.core.delivery.DestinationDefinition> destinations) {

  /** @throws IllegalArgumentException if the sources or the phone region break their rules */
  public TributaryConfig {
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(admin, "admin");
    sources = Settings.SOURCES.requireValid(List.copyOf(sources));
    Objects.requireNonNull(ingest, "ingest");
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(processor, "processor");
    Objects.requireNonNull(identity, "identity");
    Settings.IDENTITY_DEFAULT_PHONE_REGION.requireValid(identity.defaultPhoneRegion());
    Objects.requireNonNull(metrics, "metrics");
    destinations = Settings.DESTINATIONS.requireValid(List.copyOf(destinations));
  }

  /**
   * Loads the configuration: each setting's value comes from its environment variable if set and
   * non-empty, else from the YAML file, else from its default.
   *
   * @param yamlFile the YAML file ({@code --config}), if one was given; it must exist
   * @param env the environment, e.g. {@link System#getenv()}; only {@code TRIBUTARY_*} entries are
   *     read, and every one of them must be a setting or in {@link Settings#LAUNCHER_ENV_VARS}
   * @return the valid configuration
   * @throws ConfigException listing every problem: unknown keys and variables, unreadable or
   *     invalid values, each with the key, the rule and where the value came from
   */
  public static TributaryConfig load(Optional<Path> yamlFile, Map<String, String> env) {
    Objects.requireNonNull(yamlFile, "yamlFile");
    Objects.requireNonNull(env, "env");
    return ConfigLoader.load(yamlFile, env);
  }

  /** The configuration when nothing is configured: every setting at its default. */
  public static TributaryConfig defaults() {
    return load(Optional.empty(), Map.of());
  }
}
