package io.tributary.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.event.FieldError;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcTransportFactoryTest {
  private final JdbcTransportFactory factory = new JdbcTransportFactory();

  private static Map<String, Object> valid() {
    Map<String, Object> options = new HashMap<>();
    options.put("url", "jdbc:postgresql://db:5432/crm");
    options.put("table", "customers");
    options.put("key", "id");
    return options;
  }

  private List<FieldError> validate(Map<String, Object> options) {
    return factory.validate(options, new DeliveryMode.Batch(Duration.ofHours(1), 1_000));
  }

  /** Each error as {@code field rule}. */
  private List<String> errors(Map<String, Object> options) {
    return validate(options).stream().map(e -> e.field() + " " + e.rule()).toList();
  }

  @Test
  void shouldAcceptTheRequiredOptionsAloneWithDefaults() {
    assertThat(factory.type()).isEqualTo("jdbc");
    assertThat(validate(valid())).isEmpty();
    assertThat(JdbcTransportOptions.of(valid()))
        .returns(List.of("id"), JdbcTransportOptions::key)
        .returns(Map.of(), JdbcTransportOptions::columns)
        .returns(4, JdbcTransportOptions::poolSize)
        .returns(Duration.ofSeconds(10), JdbcTransportOptions::connectTimeout);
  }

  @Test
  void shouldAcceptEveryOption() {
    // given
    Map<String, Object> options = valid();
    options.put("url", "jdbc:sqlite:/var/lib/crm.db");
    options.put("user", "writer");
    options.put("password", "s3cret");
    options.put("table", "crm.customers");
    options.put("key", List.of("tenant", "id"));
    options.put("columns", Map.of("tenant", "tenantId", "id", "userId", "email", "email"));
    options.put("pool-size", 8);
    options.put("connect-timeout", "2s");
    options.put("statement-timeout", "5m");
    // then
    assertThat(validate(options)).isEmpty();
    assertThat(JdbcTransportOptions.of(options).statementTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(JdbcTransportOptions.of(options).toString()).doesNotContain("s3cret");
  }

  @Test
  void shouldNameEachMissingRequiredOption() {
    assertThat(errors(Map.of())).containsExactly("transport.url required", "transport.table required", "transport.key required");
  }

  @Test
  void shouldRefuseAnUnknownOption() {
    // given
    Map<String, Object> options = valid();
    options.put("schema", "crm");
    // then
    assertThat(validate(options)).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("transport.schema");
      assertThat(e.rule()).isEqualTo("unknown-option");
      assertThat(e.message()).contains("'schema'", "table");
    });
  }

  @Test
  void shouldRefuseAUrlOfNoKnownDriverWithoutQuotingIt() {
    // given
    Map<String, Object> noDriver = valid();
    noDriver.put("url", "jdbc:nosuchdb://admin:s3cret@db/crm");
    Map<String, Object> notJdbc = valid();
    notJdbc.put("url", "postgres://admin:s3cret@db/crm");
    // then
    assertThat(validate(noDriver)).singleElement().satisfies(e -> {
      assertThat(e.field() + " " + e.rule()).isEqualTo("transport.url driver");
      assertThat(e.message()).contains("jdbc:nosuchdb:").doesNotContain("s3cret");
    });
    assertThat(validate(notJdbc)).singleElement().satisfies(e -> {
      assertThat(e.field() + " " + e.rule()).isEqualTo("transport.url format:jdbc-url");
      assertThat(e.message()).doesNotContain("s3cret");
    });
  }

  @Test
  void shouldRefuseOptionsOfTheWrongType() {
    // given
    Map<String, Object> options = valid();
    options.put("user", 42);
    options.put("password", 12345);
    options.put("key", Map.of("id", true));
    options.put("columns", List.of("id"));
    options.put("pool-size", "four");
    options.put("connect-timeout", 10);
    // then
    assertThat(errors(options)).containsExactly(
        "transport.user type:string",
        "transport.password type:string",
        "transport.key type:list",
        "transport.columns type:object",
        "transport.pool-size range:1-100",
        "transport.connect-timeout format:duration");
    assertThat(validate(options)).extracting(FieldError::message).noneMatch(m -> m.contains("12345"));
  }

  @Test
  void shouldRefuseNamesThatAreNotPlainIdentifiers() {
    // given
    Map<String, Object> options = valid();
    options.put("table", "customers; DROP TABLE customers");
    options.put("key", List.of("id", "tenant id"));
    options.put("columns", Map.of("id", "userId", "e-mail", "email"));
    // then
    assertThat(errors(options)).containsExactlyInAnyOrder(
        "transport.table format:identifier",
        "transport.key format:identifier",
        "transport.columns.e-mail format:identifier");
  }

  @Test
  void shouldRefuseAKeyColumnThatIsNotMappedNorTwice() {
    // given
    Map<String, Object> unmapped = valid();
    unmapped.put("columns", Map.of("email", "email"));
    Map<String, Object> twice = valid();
    twice.put("key", List.of("id", "id"));
    // then
    assertThat(validate(unmapped)).singleElement().satisfies(e -> {
      assertThat(e.field() + " " + e.rule()).isEqualTo("transport.key unknown-column");
      assertThat(e.message()).contains("'id'");
    });
    assertThat(errors(twice)).containsExactly("transport.key unique");
  }

  @Test
  void shouldRefuseAPoolSizeOrTimeoutOutOfRange() {
    // given
    Map<String, Object> options = valid();
    options.put("pool-size", 0);
    options.put("connect-timeout", "1ms");
    // then
    assertThat(errors(options)).containsExactly("transport.pool-size range:1-100", "transport.connect-timeout format:duration");
  }

  @Test
  void shouldTakeAStatementTimeoutOfWholeSecondsFromOneSecondToOneHour() {
    for (Object bad : List.of("500ms", "1500ms", "2h", "soon", 30)) {
      Map<String, Object> options = valid();
      options.put("statement-timeout", bad);
      assertThat(errors(options)).as("%s", bad).containsExactly("transport.statement-timeout format:duration");
      assertThat(validate(options).getFirst().message()).contains("whole number of seconds from 1s to 1h");
    }
    Map<String, Object> options = valid();
    assertThat(JdbcTransportOptions.of(options).statementTimeout()).isEqualTo(Duration.ofSeconds(30));
    options.put("statement-timeout", "1s");
    assertThat(validate(options)).isEmpty();
  }
}
