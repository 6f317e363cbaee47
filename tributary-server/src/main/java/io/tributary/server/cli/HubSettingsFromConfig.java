package io.tributary.server.cli;

import io.tributary.server.HubSettings;
import io.tributary.server.Storage;
import io.tributary.server.config.KafkaOptions;
import io.tributary.server.config.PostgresOptions;
import io.tributary.server.config.StorageOptions;
import io.tributary.server.config.TributaryConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;

/** Turns the validated configuration into what the hub needs to start. */
final class HubSettingsFromConfig {

  /** The Kafka client id when none is configured and the host name cannot be resolved. */
  static final String FALLBACK_CLIENT_ID = "tributary";

  private HubSettingsFromConfig() {}

  static HubSettings of(TributaryConfig c) {
    return of(c, HubSettingsFromConfig::hostName);
  }

  /**
   * @param hostName the default Kafka client id; asked only in kafka+postgres mode when {@code
   *     kafka.client-id} is unset
   */
  static HubSettings of(TributaryConfig c, Supplier<String> hostName) {
    return new HubSettings(
        c.http().host(),
        c.http().port(),
        c.data().dir(),
        c.admin().token(),
        c.sources().stream().map(s -> new HubSettings.Source(s.id(), s.writeKey())).toList(),
        c.ingest().maxEventBytes(),
        c.ingest().maxBatchBytes(),
        c.ingest().maxPendingEvents(),
        c.ingest().maxProcessingLag(),
        c.ingest().retryAfterSeconds(),
        c.log().groupCommitMaxEvents(),
        c.log().synchronous().name(),
        HubSettings.RetentionSettings.hours(c.log().retentionHours()),
        c.log().retentionDropsTimeline(),
        c.processor().batchSize(),
        HubSettings.RetentionSettings.hours(c.processor().dedupWindowHours()),
        c.identity(),
        c.metrics().enabled(),
        storage(c.storage(), hostName),
        c.destinations());
  }

  private static Storage storage(StorageOptions storage, Supplier<String> hostName) {
    return switch (storage.mode()) {
      case EMBEDDED -> new Storage.Embedded();
      case KAFKA_POSTGRES -> new Storage.KafkaPostgres(
          kafka(storage.kafka(), hostName), postgres(storage.postgres()));
    };
  }

  private static Storage.Kafka kafka(KafkaOptions kafka, Supplier<String> hostName) {
    return new Storage.Kafka(
        // Present in this mode: the configuration requires it.
        kafka.bootstrapServers().orElseThrow(),
        kafka.topic(),
        kafka.partitions(),
        kafka.replicationFactor(),
        kafka.groupId(),
        kafka.clientId().orElseGet(hostName));
  }

  private static Storage.Postgres postgres(PostgresOptions postgres) {
    return new Storage.Postgres(
        // Present in this mode: the configuration requires it.
        postgres.url().orElseThrow(),
        postgres.user(),
        postgres.password(),
        postgres.poolSize());
  }

  /** This machine's host name, or {@link #FALLBACK_CLIENT_ID} if it cannot be resolved. */
  static String hostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      return name.isBlank() ? FALLBACK_CLIENT_ID : name;
    } catch (UnknownHostException e) {
      return FALLBACK_CLIENT_ID;
    }
  }
}
