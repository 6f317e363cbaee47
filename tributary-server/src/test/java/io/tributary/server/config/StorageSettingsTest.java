package io.tributary.server.config;

import static io.tributary.server.config.ConfigFiles.envProblems;
import static io.tributary.server.config.ConfigFiles.load;
import static io.tributary.server.config.ConfigFiles.loadEnv;
import static io.tributary.server.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageSettingsTest {

  private static final String PASSWORD = "synthetic-db-password-0001";

  private static final Map<String, String> KAFKA_POSTGRES = Map.of(
      "TRIBUTARY_STORAGE_MODE", "kafka+postgres",
      "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092",
      "TRIBUTARY_POSTGRES_URL", "jdbc:postgresql://db:5432/tributary");

  @TempDir Path dir;

  @Test
  void shouldDefaultToEmbeddedWithTheKafkaAndPostgresDefaults() {
    // when
    StorageOptions storage = TributaryConfig.defaults().storage();

    // then
    assertThat(storage.mode()).isEqualTo(StorageMode.EMBEDDED);
    assertThat(storage.kafka()).isEqualTo(new KafkaOptions(
        Optional.empty(), "tributary-events", 12, Optional.empty(), "tributary", Optional.empty()));
    assertThat(storage.postgres())
        .isEqualTo(new PostgresOptions(Optional.empty(), "tributary", Optional.empty(), 8));
  }

  @Test
  void shouldReadEveryStorageSettingFromTheYamlFile() {
    // given
    Path file = write(dir, """
        storage:
          mode: kafka+postgres
        kafka:
          bootstrap-servers: kafka-1:9092,kafka-2:9092,[::1]:9093
          topic: shop.events_v2
          partitions: 48
          replication-factor: 3
          group-id: tributary-prod
          client-id: hub-7
        postgres:
          url: jdbc:postgresql://db:5432/tributary?sslmode=require
          user: hub
          password: synthetic-db-password-0001
          pool-size: 20
        """);

    // when
    StorageOptions storage = load(file).storage();

    // then
    assertThat(storage).isEqualTo(new StorageOptions(
        StorageMode.KAFKA_POSTGRES,
        new KafkaOptions(Optional.of("kafka-1:9092,kafka-2:9092,[::1]:9093"), "shop.events_v2", 48,
            Optional.of((short) 3), "tributary-prod", Optional.of("hub-7")),
        new PostgresOptions(Optional.of("jdbc:postgresql://db:5432/tributary?sslmode=require"),
            "hub", Optional.of(PASSWORD), 20)));
  }

  @Test
  void shouldLetEnvironmentVariablesOverrideTheFile() {
    // given
    Path file = write(dir, """
        storage.mode: embedded
        kafka:
          bootstrap-servers: kafka-1:9092
          partitions: 6
        postgres:
          url: jdbc:postgresql://db/file
          password: from-the-file
        """);
    Map<String, String> env = Map.ofEntries(
        Map.entry("TRIBUTARY_STORAGE_MODE", "KAFKA+Postgres"),
        Map.entry("TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "10.0.0.1:9092,10.0.0.2:9092"),
        Map.entry("TRIBUTARY_KAFKA_TOPIC", "events"),
        Map.entry("TRIBUTARY_KAFKA_PARTITIONS", "24"),
        Map.entry("TRIBUTARY_KAFKA_REPLICATION_FACTOR", "2"),
        Map.entry("TRIBUTARY_KAFKA_GROUP_ID", "group-b"),
        Map.entry("TRIBUTARY_KAFKA_CLIENT_ID", "hub-b"),
        Map.entry("TRIBUTARY_POSTGRES_URL", "jdbc:postgresql://db/env"),
        Map.entry("TRIBUTARY_POSTGRES_USER", "hub_b"),
        Map.entry("TRIBUTARY_POSTGRES_PASSWORD", PASSWORD),
        Map.entry("TRIBUTARY_POSTGRES_POOL_SIZE", "200"));

    // when
    StorageOptions storage = TributaryConfig.load(Optional.of(file), env).storage();

    // then
    assertThat(storage).isEqualTo(new StorageOptions(
        StorageMode.KAFKA_POSTGRES,
        new KafkaOptions(Optional.of("10.0.0.1:9092,10.0.0.2:9092"), "events", 24,
            Optional.of((short) 2), "group-b", Optional.of("hub-b")),
        new PostgresOptions(Optional.of("jdbc:postgresql://db/env"), "hub_b",
            Optional.of(PASSWORD), 200)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "EMBEDDED", " Embedded "})
  void shouldReadTheEmbeddedModeInAnyLetterCase(String mode) {
    // when
    TributaryConfig config = loadEnv(Map.of("TRIBUTARY_STORAGE_MODE", mode));

    // then
    assertThat(config.storage().mode()).isEqualTo(StorageMode.EMBEDDED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"kafka-postgres", "KAFKA_POSTGRES", "kafka", "postgres", "sqlite"})
  void shouldAcceptOnlyTheTwoDocumentedModes(String mode) {
    // when
    List<String> problems = envProblems(Map.of("TRIBUTARY_STORAGE_MODE", mode));

    // then
    assertThat(problems).containsExactly(
        "storage.mode: expected one of embedded, kafka+postgres, but was '" + mode + "'"
            + " (in environment variable TRIBUTARY_STORAGE_MODE)");
  }

  @Test
  void shouldWriteTheModeAsItIsSpeltInTheDocs() {
    // then
    assertThat(Settings.STORAGE_MODE.type().write(StorageMode.KAFKA_POSTGRES).asText())
        .isEqualTo("kafka+postgres");
    assertThat(Settings.STORAGE_MODE.typeDescription())
        .isEqualTo("one of embedded, kafka+postgres");
  }

  @ParameterizedTest
  @ValueSource(strings = {"kafka:9092", "kafka-1.example.com:9092,kafka-2.example.com:19092",
      "10.0.0.1:1,10.0.0.2:65535", "[::1]:9092", "[2001:db8::7]:9092,kafka:9092"})
  void shouldAcceptBootstrapServers(String servers) {
    // when
    TributaryConfig config = loadEnv(Map.of("TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", servers));

    // then
    assertThat(config.storage().kafka().bootstrapServers()).contains(servers);
  }

  @ParameterizedTest
  @ValueSource(strings = {"kafka", "kafka:", ":9092", "kafka:0", "kafka:65536", "kafka:123456",
      "kafka:9092,", ",kafka:9092", "kafka:9092, kafka-2:9092", "kafka:9092;kafka-2:9092",
      "::1:9092", "http://kafka:9092", "-kafka:9092"})
  void shouldRejectBootstrapServersThatAreNotHostPortPairs(String servers) {
    // when
    List<String> problems = envProblems(Map.of("TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", servers));

    // then
    assertThat(problems).containsExactly(
        "kafka.bootstrap-servers: expected a comma-separated list of host:port such as"
            + " kafka-1:9092,kafka-2:9092, but was '" + servers + "'"
            + " (in environment variable TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS)");
  }

  @ParameterizedTest
  @MethodSource("validTopicNames")
  void shouldAcceptKafkaTopicNames(String topic) {
    // when
    TributaryConfig config = loadEnv(Map.of("TRIBUTARY_KAFKA_TOPIC", topic));

    // then
    assertThat(config.storage().kafka().topic()).isEqualTo(topic);
  }

  static Stream<String> validTopicNames() {
    return Stream.of("a", "tributary-events", "Shop.Events_2", "...", "t".repeat(249));
  }

  @ParameterizedTest
  @MethodSource("invalidTopicNames")
  void shouldRejectTopicNamesKafkaRejects(String topic) {
    // when
    List<String> problems = envProblems(Map.of("TRIBUTARY_KAFKA_TOPIC", topic));

    // then
    assertThat(problems).singleElement().asString().startsWith(
        "kafka.topic: expected a Kafka topic name of 1 to 249 letters, digits, '.', '_' or '-'"
            + " (not '.' or '..'), but was '");
  }

  static Stream<String> invalidTopicNames() {
    return Stream.of(".", "..", "events/2024", "events 2024", "événements", "events:v2",
        "t".repeat(250));
  }

  @Test
  void shouldRejectEveryInvalidValueAtOnceNamingItsKey() {
    // given
    Path file = write(dir, """
        kafka:
          partitions: 0
          replication-factor: 32768
          group-id: my group
          client-id: ''
        postgres:
          url: postgresql://db:5432/tributary
          user: ''
          pool-size: 201
        """);

    // when
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(file));

    // then
    assertThat(e.problems()).containsExactly(
        "kafka.partitions: expected an integer from 1 to 10000, but was 0 (in " + file
            + ", line 2)",
        "kafka.replication-factor: expected an integer from 1 to 32767, but was 32768 (in "
            + file + ", line 3)",
        "kafka.group-id: expected a group id without whitespace, but was 'my group' (in " + file
            + ", line 4)",
        "kafka.client-id: expected a client id without whitespace, but was '' (in " + file
            + ", line 5)",
        "postgres.url: expected a JDBC URL starting with jdbc:postgresql:// such as"
            + " jdbc:postgresql://db:5432/tributary, but was 'postgresql://db:5432/tributary' (in "
            + file + ", line 7)",
        "postgres.user: expected a user name without whitespace, but was '' (in " + file
            + ", line 8)",
        "postgres.pool-size: expected an integer from 1 to 200, but was 201 (in " + file
            + ", line 9)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:postgresql://", "jdbc:postgresql://db/tributary x",
      "jdbc:mysql://db/tributary", "JDBC:POSTGRESQL://db/tributary"})
  void shouldRejectUrlsThatAreNotPostgresJdbcUrls(String url) {
    // when
    List<String> problems = envProblems(Map.of("TRIBUTARY_POSTGRES_URL", url));

    // then
    assertThat(problems).singleElement().asString()
        .startsWith("postgres.url: expected a JDBC URL starting with jdbc:postgresql://");
  }

  @Test
  void shouldRejectAReplicationFactorBelowOne() {
    // when
    List<String> problems = envProblems(Map.of("TRIBUTARY_KAFKA_REPLICATION_FACTOR", "0"));

    // then
    assertThat(problems).containsExactly(
        "kafka.replication-factor: expected an integer from 1 to 32767, but was 0"
            + " (in environment variable TRIBUTARY_KAFKA_REPLICATION_FACTOR)");
  }

  @Test
  void shouldRequireTheBrokersAndTheDatabaseInKafkaPostgresMode() {
    // when
    List<String> problems = envProblems(Map.of("TRIBUTARY_STORAGE_MODE", "kafka+postgres"));

    // then
    assertThat(problems).containsExactly(
        "kafka.bootstrap-servers: required when storage.mode is kafka+postgres, but not set;"
            + " set it in the file or as TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS",
        "postgres.url: required when storage.mode is kafka+postgres, but not set;"
            + " set it in the file or as TRIBUTARY_POSTGRES_URL");
  }

  @Test
  void shouldRefuseALogRetentionInKafkaPostgresMode() {
    // when
    List<String> problems = envProblems(Map.of(
        "TRIBUTARY_STORAGE_MODE", "kafka+postgres",
        "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092",
        "TRIBUTARY_POSTGRES_URL", "jdbc:postgresql://db/tributary",
        "TRIBUTARY_LOG_RETENTION_HOURS", "48"));

    // then
    assertThat(problems).containsExactly(
        "log.retention-hours: applies to the embedded log only; with storage.mode kafka+postgres"
            + " the topic's own retention.ms keeps the log, so set that and leave this at 0");
    assertThat(loadEnv(Map.of(
        "TRIBUTARY_STORAGE_MODE", "kafka+postgres",
        "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092",
        "TRIBUTARY_POSTGRES_URL", "jdbc:postgresql://db/tributary",
        "TRIBUTARY_LOG_RETENTION_HOURS", "0")).log().retentionHours()).isZero();
    assertThat(loadEnv(Map.of("TRIBUTARY_LOG_RETENTION_HOURS", "48")).log().retentionHours()).isEqualTo(48);
    assertThat(envProblems(Map.of(
        "TRIBUTARY_STORAGE_MODE", "kafka+postgres",
        "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092",
        "TRIBUTARY_POSTGRES_URL", "jdbc:postgresql://db/tributary",
        "TRIBUTARY_LOG_RETENTION_DROPS_TIMELINE", "true")))
        .containsExactly("log.retention-drops-timeline: applies to the embedded log's retention only; with"
            + " storage.mode kafka+postgres the timeline keeps its rows, so leave this at false");
    assertThat(loadEnv(Map.of("TRIBUTARY_LOG_RETENTION_DROPS_TIMELINE", "true")).log().retentionDropsTimeline()).isTrue();
  }

  @Test
  void shouldReportAMissingRequiredSettingTogetherWithInvalidValues() {
    // given
    Path file = write(dir, """
        storage:
          mode: kafka+postgres
        kafka:
          bootstrap-servers: kafka-1:9092
          partitions: 0
        postgres:
          url:
        """);

    // when
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(file));

    // then
    assertThat(e.problems()).containsExactly(
        "kafka.partitions: expected an integer from 1 to 10000, but was 0 (in " + file
            + ", line 5)",
        "postgres.url: required when storage.mode is kafka+postgres, but not set;"
            + " set it in the file or as TRIBUTARY_POSTGRES_URL");
  }

  @Test
  void shouldNotReportAnInvalidRequiredSettingAsUnset() {
    // when
    List<String> problems = envProblems(Map.of(
        "TRIBUTARY_STORAGE_MODE", "kafka+postgres",
        "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "kafka",
        "TRIBUTARY_POSTGRES_URL", "jdbc:postgresql://db/tributary"));

    // then
    assertThat(problems).singleElement().asString()
        .startsWith("kafka.bootstrap-servers: expected a comma-separated list of host:port");
  }

  @Test
  void shouldLoadKafkaPostgresModeWithOnlyTheRequiredSettings() {
    // when
    StorageOptions storage = loadEnv(KAFKA_POSTGRES).storage();

    // then
    assertThat(storage.mode()).isEqualTo(StorageMode.KAFKA_POSTGRES);
    assertThat(storage.kafka().bootstrapServers()).contains("kafka-1:9092");
    assertThat(storage.kafka().topic()).isEqualTo("tributary-events");
    assertThat(storage.postgres().url()).contains("jdbc:postgresql://db:5432/tributary");
    assertThat(storage.postgres().password()).isEmpty();
  }

  @Test
  void shouldIgnoreTheSettingsOfKafkaPostgresModeInEmbeddedMode() {
    // given
    Path file = write(dir, """
        storage:
          mode: embedded
        kafka:
          bootstrap-servers: kafka-1:9092
        postgres:
          password: synthetic-db-password-0001
        """);

    // when
    StorageOptions storage = load(file).storage();

    // then
    assertThat(storage.mode()).isEqualTo(StorageMode.EMBEDDED);
    assertThat(storage.kafka().bootstrapServers()).contains("kafka-1:9092");
  }

  @Test
  void shouldRequireTheSettingsOfTheModeInTheRecordToo() {
    // given
    TributaryConfig defaults = TributaryConfig.defaults();

    // when
    IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
        () -> new StorageOptions(StorageMode.KAFKA_POSTGRES, defaults.storage().kafka(),
            defaults.storage().postgres()));

    // then
    assertThat(e).hasMessage(
        "kafka.bootstrap-servers: required when storage.mode is kafka+postgres, but not set;"
            + " set it in the file or as TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS; postgres.url:"
            + " required when storage.mode is kafka+postgres, but not set; set it in the file or"
            + " as TRIBUTARY_POSTGRES_URL");
  }

  @Test
  void shouldRejectInvalidValuesInTheRecordsThemselves() {
    // then
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> new KafkaOptions(Optional.of("kafka"), "tributary-events", 12, Optional.empty(),
            "tributary", Optional.empty())))
        .hasMessageStartingWith("kafka.bootstrap-servers: expected a comma-separated list");
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> new KafkaOptions(Optional.empty(), "tributary-events", 12,
            Optional.of((short) 0), "tributary", Optional.empty())))
        .hasMessage("kafka.replication-factor: expected an integer from 1 to 32767, but was 0");
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> new PostgresOptions(Optional.empty(), "tributary", Optional.empty(), 0)))
        .hasMessage("postgres.pool-size: expected an integer from 1 to 200, but was 0");
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> new PostgresOptions(Optional.empty(), "tributary", Optional.of(""), 8)))
        .hasMessage("postgres.password: expected a non-empty string, but was a value of 0"
            + " characters");
  }

  @Test
  void shouldAcceptAPasswordOfDigitsOrWithSpaces() {
    // given
    Path file = write(dir, "postgres:\n  password: 12345\n");

    // when
    TributaryConfig fromFile = load(file);
    TributaryConfig fromEnv = loadEnv(Map.of("TRIBUTARY_POSTGRES_PASSWORD", "correct horse"));

    // then
    assertThat(fromFile.storage().postgres().password()).contains("12345");
    assertThat(fromEnv.storage().postgres().password()).contains("correct horse");
  }

  @Test
  void shouldNeverShowThePasswordInToStringOrProblems() {
    // given
    Map<String, String> env = new HashMap<>(KAFKA_POSTGRES);
    env.put("TRIBUTARY_POSTGRES_PASSWORD", PASSWORD);
    Path file = write(dir, "postgres:\n  password: ''\n  pasword: " + PASSWORD + "\n");

    // when
    TributaryConfig config = loadEnv(env);
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> TributaryConfig.load(Optional.of(file), Map.of(
            "TRIBUTARY_POSTGRES_PASWORD", PASSWORD,
            "TRIBUTARY_POSTGRES_POOL_SIZE", "0")));

    // then
    assertThat(config.storage().postgres().password()).contains(PASSWORD);
    assertThat(config.toString()).doesNotContain(PASSWORD).contains("password=<redacted>");
    assertThat(e.problems()).hasSize(4).contains(
        "postgres.password: expected a non-empty string, but was a value of 0 characters (in "
            + file + ", line 2)");
    assertThat(e.getMessage()).doesNotContain(PASSWORD);
  }

  @Test
  void shouldNeverShowCredentialsOfTheUrlInToStringOrProblems() {
    // given
    String url = "jdbc:postgresql://hub:" + PASSWORD + "@db:5432/tributary?password=" + PASSWORD;
    String libpqUrl = "postgresql://hub:" + PASSWORD + "@db:5432/tributary";

    // when
    PostgresOptions postgres = new PostgresOptions(Optional.of(url), "hub", Optional.empty(), 8);
    List<String> problems = envProblems(Map.of("TRIBUTARY_POSTGRES_URL", libpqUrl));

    // then
    assertThat(postgres.toString()).doesNotContain(PASSWORD)
        .contains("url='jdbc:postgresql://<redacted>@db:5432/tributary?<redacted>'");
    assertThat(problems).containsExactly(
        "postgres.url: expected a JDBC URL starting with jdbc:postgresql:// such as"
            + " jdbc:postgresql://db:5432/tributary, but was"
            + " 'postgresql://<redacted>@db:5432/tributary'"
            + " (in environment variable TRIBUTARY_POSTGRES_URL)");
  }
}
