package io.tributary.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.server.HubSettings;
import io.tributary.server.Storage;
import io.tributary.server.config.TributaryConfig;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class HubSettingsFromConfigTest {

  private static final Supplier<String> NO_HOST_NAME = () -> {
    throw new AssertionError("The host name was not to be asked for");
  };

  @Test
  void shouldKeepEmbeddedStorageByDefault() {
    // when
    HubSettings settings = HubSettingsFromConfig.of(TributaryConfig.defaults(), NO_HOST_NAME);

    // then
    assertThat(settings.storage()).isEqualTo(new Storage.Embedded());
  }

  @Test
  void shouldIgnoreKafkaAndPostgresSettingsInEmbeddedMode() {
    // given
    TributaryConfig config = TributaryConfig.load(Optional.empty(), Map.of(
        "TRIBUTARY_STORAGE_MODE", "embedded",
        "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092",
        "TRIBUTARY_POSTGRES_URL", "jdbc:postgresql://db:5432/tributary"));

    // when
    HubSettings settings = HubSettingsFromConfig.of(config, NO_HOST_NAME);

    // then
    assertThat(settings.storage()).isEqualTo(new Storage.Embedded());
  }

  @Test
  void shouldMapEveryKafkaAndPostgresSetting() {
    // given
    TributaryConfig config = TributaryConfig.load(Optional.empty(), Map.ofEntries(
        Map.entry("TRIBUTARY_STORAGE_MODE", "kafka+postgres"),
        Map.entry("TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092"),
        Map.entry("TRIBUTARY_KAFKA_TOPIC", "events"),
        Map.entry("TRIBUTARY_KAFKA_PARTITIONS", "24"),
        Map.entry("TRIBUTARY_KAFKA_REPLICATION_FACTOR", "3"),
        Map.entry("TRIBUTARY_KAFKA_GROUP_ID", "hubs"),
        Map.entry("TRIBUTARY_KAFKA_CLIENT_ID", "hub-1"),
        Map.entry("TRIBUTARY_POSTGRES_URL", "jdbc:postgresql://db:5432/tributary"),
        Map.entry("TRIBUTARY_POSTGRES_USER", "hub"),
        Map.entry("TRIBUTARY_POSTGRES_PASSWORD", "synthetic-db-password-0001"),
        Map.entry("TRIBUTARY_POSTGRES_POOL_SIZE", "16")));

    // when
    HubSettings settings = HubSettingsFromConfig.of(config, NO_HOST_NAME);

    // then
    assertThat(settings.storage()).isEqualTo(new Storage.KafkaPostgres(
        new Storage.Kafka("kafka-1:9092,kafka-2:9092", "events", 24, Optional.of((short) 3),
            "hubs", "hub-1"),
        new Storage.Postgres("jdbc:postgresql://db:5432/tributary", "hub",
            Optional.of("synthetic-db-password-0001"), 16)));
    assertThat(settings.storage().toString()).doesNotContain("synthetic-db-password-0001");
  }

  @Test
  void shouldUseTheHostNameAsClientIdWhenNoneIsConfigured() {
    // given
    TributaryConfig config = TributaryConfig.load(Optional.empty(), Map.of(
        "TRIBUTARY_STORAGE_MODE", "kafka+postgres",
        "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092",
        "TRIBUTARY_POSTGRES_URL", "jdbc:postgresql://db:5432/tributary"));
    AtomicInteger asked = new AtomicInteger();

    // when
    HubSettings settings = HubSettingsFromConfig.of(config, () -> {
      asked.incrementAndGet();
      return "hub-host-3";
    });

    // then
    Storage.KafkaPostgres storage = (Storage.KafkaPostgres) settings.storage();
    assertThat(storage.kafka()).isEqualTo(new Storage.Kafka(
        "kafka-1:9092", "tributary-events", 12, Optional.empty(), "tributary", "hub-host-3"));
    assertThat(storage.postgres()).isEqualTo(new Storage.Postgres(
        "jdbc:postgresql://db:5432/tributary", "tributary", Optional.empty(), 8));
    assertThat(asked).hasValue(1);
  }

  @Test
  void shouldResolveTheHostNameOrFallBack() {
    // when
    String hostName = HubSettingsFromConfig.hostName();

    // then
    assertThat(hostName).isNotBlank();
  }
}
