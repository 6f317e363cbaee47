package io.tributary.server.config;

import static io.tributary.server.config.ConfigFiles.load;
import static io.tributary.server.config.ConfigFiles.loadEnv;
import static io.tributary.server.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.core.identity.IdentityRules;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TributaryConfigTest {

  @TempDir Path dir;

  @Test
  void shouldUseTheDefaultsWhenNothingIsConfigured() {
    // when
    TributaryConfig config = TributaryConfig.defaults();

    // then
    assertThat(config.http()).isEqualTo(new HttpOptions("0.0.0.0", 8088));
    assertThat(config.data().dir()).isEqualTo(Path.of("./data"));
    assertThat(config.storage().mode()).isEqualTo(StorageMode.EMBEDDED);
    assertThat(config.admin().token()).isEmpty();
    assertThat(config.sources()).isEmpty();
    assertThat(config.ingest()).isEqualTo(new IngestOptions(32768, 512000, 100000, 1000000L, 1));
    assertThat(config.log()).isEqualTo(new LogOptions(10000, LogSynchronous.FULL, 0, false));
    assertThat(config.processor().batchSize()).isEqualTo(1000);
    assertThat(config.identity()).isEqualTo(IdentityRules.defaults());
    assertThat(config.metrics().enabled()).isTrue();
  }

  @Test
  void shouldReadEverySectionOfTheYamlFile() {
    // given
    Path file = write(dir, """
        http:
          host: 127.0.0.1
          port: 9000
        data:
          dir: /var/lib/tributary-test
        admin:
          token: synthetic-admin-token-0001
        ingest:
          max-event-bytes: 65536
          max-batch-bytes: 1048576
          max-pending-events: 500
          max-processing-lag: 5000000000
          retry-after-seconds: 5
        log:
          group-commit-max-events: 250
          synchronous: normal
          retention-hours: 720
          retention-drops-timeline: true
        processor:
          batch-size: 64
          dedup-window-hours: 48
        metrics:
          enabled: false
        """);

    // when
    TributaryConfig config = load(file);

    // then
    assertThat(config.http()).isEqualTo(new HttpOptions("127.0.0.1", 9000));
    assertThat(config.data().dir()).isEqualTo(Path.of("/var/lib/tributary-test"));
    assertThat(config.admin().token()).contains("synthetic-admin-token-0001");
    assertThat(config.ingest())
        .isEqualTo(new IngestOptions(65536, 1048576, 500, 5_000_000_000L, 5));
    assertThat(config.log()).isEqualTo(new LogOptions(250, LogSynchronous.NORMAL, 720, true));
    assertThat(config.processor()).isEqualTo(new ProcessorOptions(64, 48));
    assertThat(config.metrics().enabled()).isFalse();
  }

  @Test
  void shouldAcceptDottedKeysAndEmptyValuesInTheFile() {
    // given
    Path file = write(dir, """
        # comments are fine
        http.port: 9001
        ingest:
          max-event-bytes:
        metrics:
        """);

    // when
    TributaryConfig config = load(file);

    // then
    assertThat(config.http().port()).isEqualTo(9001);
    assertThat(config.ingest().maxEventBytes()).isEqualTo(32768);
    assertThat(config.metrics().enabled()).isTrue();
  }

  @Test
  void shouldTreatAnEmptyFileAsDefaults() {
    // given
    Path file = write(dir, "# nothing configured yet\n");

    // when
    TributaryConfig config = load(file);

    // then
    assertThat(config).isEqualTo(TributaryConfig.defaults());
  }

  @Test
  void shouldLetEnvironmentVariablesOverrideTheFile() {
    // given
    Path file = write(dir, """
        http:
          host: 127.0.0.1
          port: 9000
        log:
          synchronous: NORMAL
        """);
    Map<String, String> env = Map.of(
        "TRIBUTARY_HTTP_PORT", "9100",
        "TRIBUTARY_INGEST_MAX_EVENT_BYTES", "2048",
        "TRIBUTARY_LOG_SYNCHRONOUS", "full",
        "TRIBUTARY_METRICS_ENABLED", "FALSE",
        "TRIBUTARY_DATA_DIR", "/tmp/tributary-test");

    // when
    TributaryConfig config = TributaryConfig.load(Optional.of(file), env);

    // then
    assertThat(config.http()).isEqualTo(new HttpOptions("127.0.0.1", 9100));
    assertThat(config.ingest().maxEventBytes()).isEqualTo(2048);
    assertThat(config.log().synchronous()).isEqualTo(LogSynchronous.FULL);
    assertThat(config.metrics().enabled()).isFalse();
    assertThat(config.data().dir()).isEqualTo(Path.of("/tmp/tributary-test"));
  }

  @Test
  void shouldTreatAnEmptyEnvironmentVariableAsUnset() {
    // given
    Path file = write(dir, "http:\n  port: 9000\n");

    // when
    TributaryConfig config =
        TributaryConfig.load(Optional.of(file), Map.of("TRIBUTARY_HTTP_PORT", ""));

    // then
    assertThat(config.http().port()).isEqualTo(9000);
  }

  @Test
  void shouldIgnoreOtherVariablesAndTheLaunchersOwn() {
    // given
    Map<String, String> env = Map.of(
        "PATH", "/usr/bin",
        "TRIBUTARY_JAVA_OPTS", "-Xmx1g",
        "TRIBUTARY_HOME", "/opt/tributary",
        "tributary_http_prot", "lower case is not ours");

    // when
    TributaryConfig config = loadEnv(env);

    // then
    assertThat(config).isEqualTo(TributaryConfig.defaults());
  }

  @Test
  void shouldRejectPortOutOfRangeFromTheEnvironment() {
    // when
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loadEnv(Map.of("TRIBUTARY_HTTP_PORT", "70000")));

    // then
    assertThat(e.problems()).containsExactly(
        "http.port: expected an integer from 0 to 65535, but was 70000"
            + " (in environment variable TRIBUTARY_HTTP_PORT)");
  }

  @Test
  void shouldRejectPortOutOfRangeFromTheFileNamingTheLine() {
    // given
    Path file = write(dir, "http:\n  host: localhost\n  port: 70000\n");

    // when
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(file));

    // then
    assertThat(e.problems()).containsExactly(
        "http.port: expected an integer from 0 to 65535, but was 70000 (in " + file
            + ", line 3)");
  }

  @Test
  void shouldRejectAValueOfTheWrongType() {
    // when
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loadEnv(Map.of(
            "TRIBUTARY_PROCESSOR_BATCH_SIZE", "lots",
            "TRIBUTARY_METRICS_ENABLED", "yes",
            "TRIBUTARY_LOG_SYNCHRONOUS", "OFF")));

    // then
    assertThat(e.problems()).containsExactlyInAnyOrder(
        "log.synchronous: expected one of FULL, NORMAL, but was 'OFF'"
            + " (in environment variable TRIBUTARY_LOG_SYNCHRONOUS)",
        "metrics.enabled: expected true or false, but was 'yes'"
            + " (in environment variable TRIBUTARY_METRICS_ENABLED)",
        "processor.batch-size: expected an integer of at least 1, but was 'lots'"
            + " (in environment variable TRIBUTARY_PROCESSOR_BATCH_SIZE)");
  }

  @Test
  void shouldRejectAnUnknownKeyInTheFileNamingIt() {
    // given
    Path file = write(dir, "http:\n  prot: 9000\n");

    // when
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(file));

    // then
    assertThat(e.problems()).containsExactly(
        "http.prot: unknown setting (in " + file + ", line 2); expected one of host, port under"
            + " http");
  }

  @Test
  void shouldRejectAnUnknownSectionInTheFile() {
    // given
    Path file = write(dir, "htp:\n  port: 9000\n");

    // when
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(file));

    // then
    assertThat(e.problems()).singleElement().asString()
        .startsWith("htp: unknown setting (in " + file + ", line 1); expected one of http, data,");
  }

  @Test
  void shouldRejectAnUnknownEnvironmentVariable() {
    // when
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loadEnv(Map.of("TRIBUTARY_HTTP_PROT", "9000")));

    // then
    assertThat(e.problems()).containsExactly(
        "TRIBUTARY_HTTP_PROT: unknown environment variable; expected one of TRIBUTARY_HTTP_HOST,"
            + " TRIBUTARY_HTTP_PORT");
  }

  @Test
  void shouldRejectAnUnknownEnvironmentVariableOutsideAnySection() {
    // when
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loadEnv(Map.of("TRIBUTARY_CONFIG", "/etc/tributary.yaml")));

    // then
    assertThat(e.problems()).containsExactly(
        "TRIBUTARY_CONFIG: unknown environment variable; expected a setting's variable (see"
            + " docs/configuration.md) or one of the launcher's: TRIBUTARY_HOME,"
            + " TRIBUTARY_JAVA_OPTS");
  }

  @Test
  void shouldCollectEveryProblemFromFileAndEnvironment() {
    // given
    Path file = write(dir, """
        http:
          port: -1
        ingest:
          max-event-bytes: 10
          retry-after-seconds: 0
        metrcs:
          enabled: true
        """);
    Map<String, String> env = Map.of(
        "TRIBUTARY_ADMIN_TOKEN", "short",
        "TRIBUTARY_PROCESSR_BATCH_SIZE", "10");

    // when
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> TributaryConfig.load(Optional.of(file), env));

    // then
    assertThat(e.problems()).hasSize(6);
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("metrcs: unknown setting"));
    assertThat(e.problems()).anySatisfy(
        p -> assertThat(p).startsWith("TRIBUTARY_PROCESSR_BATCH_SIZE: unknown environment"));
    assertThat(e.problems()).contains(
        "http.port: expected an integer from 0 to 65535, but was -1 (in " + file + ", line 2)",
        "ingest.max-event-bytes: expected an integer from 1024 to 67108864, but was 10 (in "
            + file + ", line 4)",
        "ingest.retry-after-seconds: expected an integer from 1 to 3600, but was 0 (in "
            + file + ", line 5)",
        "admin.token: expected a string of at least 16 characters without whitespace, but was a"
            + " value of 5 characters (in environment variable TRIBUTARY_ADMIN_TOKEN)");
    assertThat(e.getMessage()).startsWith("The configuration has 6 problems:\n  - ");
  }

  @Test
  void shouldNeverShowTheAdminTokenInProblemsOrToString() {
    // given
    String token = "synthetic token with spaces";

    // when
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loadEnv(Map.of("TRIBUTARY_ADMIN_TOKEN", token)));
    AdminOptions admin = new AdminOptions(Optional.of("synthetic-admin-token-0001"));

    // then
    assertThat(e.getMessage()).doesNotContain(token);
    assertThat(admin.toString()).doesNotContain("synthetic-admin-token-0001");
  }

  @Test
  void shouldRejectASettingGivenTwiceInTheFile() {
    // given
    Path file = write(dir, "http:\n  port: 9000\nhttp.port: 9001\n");

    // when
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(file));

    // then
    assertThat(e.problems()).containsExactly(
        "http.port: expected once, but given again (in " + file + ", line 3; first in " + file
            + ", line 2)");
  }

  @Test
  void shouldRejectASectionThatIsNotAMapping() {
    // given
    Path file = write(dir, "http: 9000\n");

    // when
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(file));

    // then
    assertThat(e.problems()).containsExactly(
        "http: expected a mapping of the settings host, port, but found a scalar (in " + file
            + ", line 1)");
  }

  @Test
  void shouldReportInvalidYamlWithItsLine() {
    // given
    Path file = write(dir, "http:\n  port: [9000\n");

    // when
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(file));

    // then
    assertThat(e.problems()).singleElement().asString()
        .startsWith(file + ", line ")
        .contains("expected valid YAML");
  }

  @Test
  void shouldReportAMissingFile() {
    // given
    Path missing = dir.resolve("missing.yaml");

    // when
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(missing));

    // then
    assertThat(e.problems())
        .containsExactly(missing + ": expected a configuration file, but there is none");
  }

  @Test
  void shouldRejectAnEventLimitAboveTheBatchLimit() {
    // when
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loadEnv(Map.of(
            "TRIBUTARY_INGEST_MAX_EVENT_BYTES", "600000",
            "TRIBUTARY_INGEST_MAX_BATCH_BYTES", "500000")));

    // then
    assertThat(e.problems()).containsExactly(
        "ingest.max-event-bytes: expected at most ingest.max-batch-bytes (500000), but was 600000");
  }

  @Test
  void shouldKeepTheRecordTreeImmutable() {
    // given
    TributaryConfig config = loadEnv(Map.of("TRIBUTARY_SOURCES", "web=wk_web_00000001"));

    // when / then
    assertThat(config.sources()).isUnmodifiable();
    assertThat(config.identity().types()).isUnmodifiable();
  }

  @Test
  void shouldRejectInvalidValuesInTheRecordsThemselves() {
    // then
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> new HttpOptions("0.0.0.0", 70000)))
        .hasMessage("http.port: expected an integer from 0 to 65535, but was 70000");
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> new HttpOptions("local host", 80)))
        .hasMessage("http.host: expected a host name or IP address without whitespace, but was"
            + " 'local host'");
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> new ProcessorOptions(0, 0)))
        .hasMessage("processor.batch-size: expected an integer of at least 1, but was 0");
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> new ProcessorOptions(1000, -1)))
        .hasMessage("processor.dedup-window-hours: expected an integer of at least 0, but was -1");
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> new DataOptions(Path.of(""))))
        .hasMessage("data.dir: expected a non-empty file system path, but was empty");
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> new TributaryConfig(TributaryConfig.defaults().http(),
            TributaryConfig.defaults().data(), TributaryConfig.defaults().storage(),
            TributaryConfig.defaults().admin(),
            List.of(new SourceOptions("web", "wk_web_00000001", Optional.empty()),
                new SourceOptions("web", "wk_web_00000002", Optional.empty())),
            TributaryConfig.defaults().ingest(), TributaryConfig.defaults().log(),
            TributaryConfig.defaults().processor(), TributaryConfig.defaults().identity(),
            TributaryConfig.defaults().metrics(), List.of())))
        .hasMessageStartingWith("sources[1].id: expected unique source ids");
  }

  @Test
  void shouldReadDestinationsFromTheFileAndNameTheFieldOfEachBrokenOne() {
    // given: a valid file, read at once
    Path good = write(dir, """
        destinations:
          - name: crm
            events: {names: [Order Completed]}
            transport: {type: http, url: "https://crm.example/hook"}
          - name: daily-export
            delivery: {mode: batch, window: 24h}
            transport: {type: file, directory: /var/exports, format: csv}
        """);
    TributaryConfig config = TributaryConfig.load(Optional.of(good), Map.of());
    Path bad = write(dir, """
        destinations:
          - name: crm
            retry: {max-attempts: 0}
        """);

    // when
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> TributaryConfig.load(Optional.of(bad), Map.of()));

    // then
    assertThat(config.destinations()).extracting(d -> d.name()).containsExactly("crm", "daily-export");
    assertThat(config.destinations().get(1).delivery())
        .isEqualTo(new io.tributary.core.delivery.DeliveryMode.Batch(java.time.Duration.ofHours(24), 10_000));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("destinations[0].retry.max-attempts: Expected"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("destinations[0].transport: Expected transport to be set"));
  }
}
