package io.tributary.server.config;

import static io.tributary.server.config.ConfigFiles.load;
import static io.tributary.server.config.ConfigFiles.loadEnv;
import static io.tributary.server.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesSettingTest {

  private static final String ENV = "TRIBUTARY_SOURCES";

  @TempDir Path dir;

  @Test
  void shouldReadSourcesFromTheFile() {
    // given
    Path file = write(dir, """
        sources:
          - id: web
            write-key: wk_web_00000001
            name: Web shop
          - id: crm-import
            write-key: wk_crm_00000001
        """);

    // when
    TributaryConfig config = load(file);

    // then
    assertThat(config.sources()).containsExactly(
        new SourceOptions("web", "wk_web_00000001", Optional.of("Web shop")),
        new SourceOptions("crm-import", "wk_crm_00000001", Optional.empty()));
  }

  @Test
  void shouldReadTheCompactFormFromTheEnvironment() {
    // when
    TributaryConfig config = loadEnv(Map.of(ENV, "web=wk_web_00000001, app=wk_app_00000001"));

    // then
    assertThat(config.sources()).containsExactly(
        new SourceOptions("web", "wk_web_00000001", Optional.empty()),
        new SourceOptions("app", "wk_app_00000001", Optional.empty()));
  }

  @Test
  void shouldReadTheFlowFormFromTheEnvironment() {
    // when
    TributaryConfig config = loadEnv(Map.of(ENV,
        "[{id: web, write-key: wk_web_00000001, name: Web shop}, {id: app, write-key:"
            + " wk_app_00000001}]"));

    // then
    assertThat(config.sources()).containsExactly(
        new SourceOptions("web", "wk_web_00000001", Optional.of("Web shop")),
        new SourceOptions("app", "wk_app_00000001", Optional.empty()));
  }

  @Test
  void shouldReadJsonFromTheEnvironment() {
    // when
    TributaryConfig config =
        loadEnv(Map.of(ENV, "[{\"id\": \"web\", \"write-key\": \"wk_web_00000001\"}]"));

    // then
    assertThat(config.sources())
        .containsExactly(new SourceOptions("web", "wk_web_00000001", Optional.empty()));
  }

  @Test
  void shouldLetTheEnvironmentReplaceTheFilesSources() {
    // given
    Path file = write(dir, "sources: [{id: web, write-key: wk_web_00000001}]\n");

    // when
    TributaryConfig config =
        TributaryConfig.load(Optional.of(file), Map.of(ENV, "app=wk_app_00000001"));

    // then
    assertThat(config.sources())
        .containsExactly(new SourceOptions("app", "wk_app_00000001", Optional.empty()));
  }

  @Test
  void shouldRejectInvalidIdsAndShortWriteKeysInTheCompactForm() {
    // when
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loadEnv(Map.of(ENV, "Web=wk_web_00000001,app=short,novalue")));

    // then
    String origin = " (in environment variable TRIBUTARY_SOURCES)";
    assertThat(e.problems()).containsExactly(
        "sources[0].id: expected a string matching [a-z][a-z0-9_-]{0,63}, but was 'Web'" + origin,
        "sources[1].write-key: expected a string of at least 8 characters without whitespace,"
            + " but was a value of 5 characters" + origin,
        "sources[2]: expected id=write-key (compact form, entries separated by commas) or a YAML"
            + " flow list such as [{id: web, write-key: ...}], but was 'novalue'" + origin);
  }

  @Test
  void shouldRejectDuplicateIdsAndWriteKeys() {
    // when
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loadEnv(Map.of(ENV, "web=wk_shared_00000001,app=wk_shared_00000001,web=wk_x_0000001")));

    // then
    String origin = " (in environment variable TRIBUTARY_SOURCES)";
    assertThat(e.problems()).containsExactly(
        "sources[1].write-key: expected unique write keys, but it equals the write key of"
            + " sources[0]" + origin,
        "sources[2].id: expected unique source ids, but 'web' is also the id of sources[0]"
            + origin);
    assertThat(e.getMessage()).doesNotContain("wk_shared_00000001");
  }

  @Test
  void shouldRejectUnknownAndMissingFieldsInTheFile() {
    // given
    Path file = write(dir, """
        sources:
          - id: web
            writekey: wk_web_00000001
        """);

    // when
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(file));

    // then
    String origin = " (in " + file + ", line 1)";
    assertThat(e.problems()).containsExactly(
        "sources[0].writekey: unknown field; expected one of id, write-key, name" + origin,
        "sources[0].write-key: required, expected a string of at least 8 characters without"
            + " whitespace" + origin);
  }

  @Test
  void shouldRejectFlowSyntaxThatDoesNotParse() {
    // when
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loadEnv(Map.of(ENV, "[{id: web, write-key: wk_web_00000001")));

    // then
    assertThat(e.problems()).containsExactly(
        "sources: expected a list of sources {id, write-key, name?} with unique ids and write keys"
            + " in YAML flow syntax or JSON, but could not parse it: while parsing a flow mapping,"
            + " expected ',' or '}', but got <stream end> (column 38)"
            + " (in environment variable TRIBUTARY_SOURCES)");
    assertThat(e.getMessage()).doesNotContain("wk_web_00000001");
  }

  @Test
  void shouldRejectASingleSourceThatIsNotInAList() {
    // when
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loadEnv(Map.of(ENV, "{id: web, write-key: wk_web_00000001}")));

    // then
    assertThat(e.problems()).containsExactly(
        "sources: expected a list of sources, but was a mapping"
            + " (in environment variable TRIBUTARY_SOURCES)");
  }

  @Test
  void shouldNotShowWriteKeysInToString() {
    // given
    SourceOptions source = new SourceOptions("web", "wk_web_00000001", Optional.empty());

    // then
    assertThat(source.toString()).contains("web").doesNotContain("wk_web_00000001");
  }
}
