package io.tributary.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void shouldDeriveEnvironmentVariableNamesFromKeys() {
    // then
    assertThat(Settings.HTTP_PORT.envName()).isEqualTo("TRIBUTARY_HTTP_PORT");
    assertThat(Settings.INGEST_MAX_EVENT_BYTES.envName())
        .isEqualTo("TRIBUTARY_INGEST_MAX_EVENT_BYTES");
    assertThat(Settings.KAFKA_BOOTSTRAP_SERVERS.envName())
        .isEqualTo("TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void shouldGiveEverySettingAUniqueKeyAndVariableAndDocumentation() {
    // then
    assertThat(Settings.all()).extracting(Setting::key).doesNotHaveDuplicates();
    assertThat(Settings.all()).extracting(Setting::envName).doesNotHaveDuplicates()
        .doesNotContainAnyElementsOf(Settings.LAUNCHER_ENV_VARS);
    assertThat(Settings.all()).allSatisfy(s -> assertThat(s.documentation()).endsWith("."));
  }

  @Test
  void shouldGiveEverySettingADefaultButTheOptionalAndTheRequiredByAStorageMode() {
    // then
    assertThat(Settings.all()).filteredOn(s -> s.defaultValue().isEmpty())
        .containsExactly(
            Settings.KAFKA_BOOTSTRAP_SERVERS,
            Settings.KAFKA_REPLICATION_FACTOR,
            Settings.KAFKA_CLIENT_ID,
            Settings.POSTGRES_URL,
            Settings.POSTGRES_PASSWORD,
            Settings.ADMIN_TOKEN);
  }

  @Test
  void shouldAcceptEveryDocumentedEnvironmentExample() {
    for (Setting<?> setting : Settings.all()) {
      for (String example : setting.envExamples()) {
        // when
        TributaryConfig config =
            TributaryConfig.load(Optional.empty(), Map.of(setting.envName(), example));

        // then
        assertThat(config).as("%s='%s'", setting.envName(), example).isNotNull();
      }
    }
  }

  @Test
  void shouldRejectAnInvalidDefaultWhenTheSettingIsDefined() {
    // given
    Setting<Integer> setting = Setting.define("test.port", IntegerType.between(0, 65535));

    // when
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
        () -> setting.withDefault(70000));

    // then
    assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("test.port: expected an integer from 0 to 65535, but was 70000");
  }
}
