package io.tributary.core.delivery;

import static io.tributary.core.delivery.Definitions.definition;
import static io.tributary.core.delivery.Definitions.doc;
import static io.tributary.core.delivery.Definitions.readErrors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.tributary.core.event.EventType;
import io.tributary.core.event.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefinitionJsonTest {
  private static final String FULL =
      """
      {name: 'crm',
       events: {types: ['track', 'identify'], names: ['Order Completed', 'Signed Up']},
       filter: 'event.properties.total > 100',
       mapping: "{'email': profile.traits.email}",
       transport: {type: 'test', target: 'crm', headers: {'X-Team': 'growth'}, retries: [1, 2.5, true]},
       delivery: {mode: 'batch', window: '24h', max-size: 50000},
       retry: {max-attempts: 5, max-age: '12h', initial-backoff: '250ms', max-backoff: '90s'},
       rate-limit: 200,
       max-in-flight: 8,
       consent-category: 'marketing'}
      """;

  private static DestinationDefinition writtenAndReadAgain(DestinationDefinition d) {
    return DefinitionJson.read(DefinitionJson.write(d), null);
  }

  private static String withTransport(String fields) {
    return Definitions.text("crm", fields);
  }

  private static List<FieldError> errorsOf(String fields) {
    return readErrors(withTransport(fields), null);
  }

  /** Reading a definition with these fields reports exactly one error, of this field and rule. */
  private static void assertRefused(String fields, String field, String rule) {
    assertThat(errorsOf(fields)).as(fields).extracting(FieldError::field, FieldError::rule).containsExactly(tuple(field, rule));
  }

  @Test
  void shouldReadEveryFieldOfADefinition() {
    // when
    DestinationDefinition d = definition(FULL);
    // then
    assertThat(d.name()).isEqualTo("crm");
    assertThat(d.events()).isEqualTo(new EventSelector(Set.of(EventType.TRACK, EventType.IDENTIFY), Set.of("Order Completed", "Signed Up")));
    assertThat(d.filter()).isEqualTo("event.properties.total > 100");
    assertThat(d.mapping()).isEqualTo("{'email': profile.traits.email}");
    assertThat(d.transport().type()).isEqualTo("test");
    assertThat(d.transport().options())
        .containsOnlyKeys("target", "headers", "retries")
        .containsEntry("headers", Map.of("X-Team", "growth"))
        .containsEntry("retries", List.of(1, 2.5, true));
    assertThat(d.delivery()).isEqualTo(new DeliveryMode.Batch(Duration.ofHours(24), 50_000));
    assertThat(d.retry()).isEqualTo(new RetryPolicy(5, Duration.ofHours(12), Duration.ofMillis(250), Duration.ofSeconds(90)));
    assertThat(d.rateLimit()).isEqualTo(200);
    assertThat(d.maxInFlight()).isEqualTo(8);
    assertThat(d.consentCategory()).isEqualTo("marketing");
  }

  @Test
  void shouldReadBackAnEqualDefinitionWhenWrittenAndReadAgain() {
    // given
    DestinationDefinition d = definition(FULL);
    // when
    DestinationDefinition again = writtenAndReadAgain(d);
    // then
    assertThat(again).isEqualTo(d);
    assertThat(DefinitionJson.write(again)).isEqualTo(DefinitionJson.write(d));
  }

  @Test
  void shouldFillInTheDefaultsWhenOnlyNameAndTransportAreGiven() {
    // when
    DestinationDefinition d = definition(withTransport(""));
    // then
    assertThat(d.events()).isEqualTo(EventSelector.ALL);
    assertThat(d.filter()).isNull();
    assertThat(d.mapping()).isNull();
    assertThat(d.delivery()).isEqualTo(new DeliveryMode.Realtime());
    assertThat(d.retry()).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(d.rateLimit()).isZero();
    assertThat(d.maxInFlight()).isEqualTo(16);
    assertThat(d.consentCategory()).isNull();
    assertThat(writtenAndReadAgain(d)).isEqualTo(d);
  }

  @Test
  void shouldKeepAFractionalRateLimitWhenWrittenAndReadAgain() {
    // given: one send every two seconds
    DestinationDefinition d = definition(withTransport("rate-limit: 0.5"));
    // when
    DestinationDefinition again = writtenAndReadAgain(d);
    // then
    assertThat(d.rateLimit()).isEqualTo(0.5);
    assertThat(again).isEqualTo(d);
  }

  @Test
  void shouldWriteDurationsInTheirShortestExactForm() {
    // given
    DestinationDefinition d =
        definition(withTransport("delivery: {mode: 'batch', window: 'PT2H'}, retry: {max-age: '7d', initial-backoff: '1500ms', max-backoff: '120s'}"));
    // when
    var written = DefinitionJson.write(d);
    // then
    assertThat(written.at("/delivery/window").asText()).isEqualTo("2h");
    assertThat(written.at("/delivery/max-size").asInt()).isEqualTo(10_000);
    assertThat(written.at("/retry/max-age").asText()).isEqualTo("7d");
    assertThat(written.at("/retry/initial-backoff").asText()).isEqualTo("1500ms");
    assertThat(written.at("/retry/max-backoff").asText()).isEqualTo("2m");
  }

  @Test
  void shouldTakeTheNameFromTheUrlWhenTheDocumentHasNone() {
    // when
    DestinationDefinition d = DefinitionJson.read(doc("{transport: {type: 'test', target: 'x'}}"), "from-url");
    // then
    assertThat(d.name()).isEqualTo("from-url");
  }

  @Test
  void shouldAcceptTheUrlNameRepeatedInTheDocument() {
    // when
    DestinationDefinition d = DefinitionJson.read(doc(withTransport("")), "crm");
    // then
    assertThat(d.name()).isEqualTo("crm");
  }

  @Test
  void shouldRefuseADocumentThatIsNotAnObject() {
    assertThat(readErrors("['crm']", "crm")).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("$", "type:object"));
    assertThatThrownBy(() -> DefinitionJson.read(null, "crm")).isInstanceOf(InvalidDefinitionException.class);
  }

  @Test
  void shouldNameAnUnknownTopLevelField() {
    // when
    List<FieldError> errors = errorsOf("colour: 'blue'");
    // then
    assertThat(errors).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("colour", "unknown-field"));
    assertThat(errors.getFirst().message()).contains("'colour'", "transport");
  }

  @Test
  void shouldNameAnUnknownFieldInsideASection() {
    assertRefused("retry: {max-attempts: 3, backoff: '1s'}", "retry.backoff", "unknown-field");
  }

  @Test
  void shouldRequireATransport() {
    assertThat(readErrors("{name: 'crm'}", null)).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("transport", "required"));
  }

  @Test
  void shouldRequireATransportType() {
    assertThat(readErrors("{name: 'crm', transport: {target: 'x'}}", null))
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("transport.type", "required"));
  }

  @Test
  void shouldNameTheListItemWhenAnEventTypeIsUnknown() {
    // when
    List<FieldError> errors = errorsOf("events: {types: ['track', 'purchase', 'page']}");
    // then
    assertThat(errors).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("events.types[1]", "one-of"));
    assertThat(errors.getFirst().message()).contains("track", "identify", "alias");
  }

  @Test
  void shouldRefuseAnEmptyEventName() {
    assertRefused("events: {names: ['Order Completed', '']}", "events.names[1]", "one-of");
  }

  @Test
  void shouldRequireAWindowInBatchMode() {
    assertRefused("delivery: {mode: 'batch', max-size: 100}", "delivery.window", "required");
  }

  @Test
  void shouldRefuseABatchWindowShorterThanOneSecond() {
    assertRefused("delivery: {mode: 'batch', window: '999ms'}", "delivery.window", "min:1s");
  }

  @Test
  void shouldAcceptABatchWindowOfExactlyOneSecond() {
    assertThat(definition(withTransport("delivery: {mode: 'batch', window: '1000ms'}")).delivery())
        .isEqualTo(new DeliveryMode.Batch(Duration.ofSeconds(1), 10_000));
  }

  @Test
  void shouldRefuseBatchOptionsInRealtimeMode() {
    assertRefused("delivery: {window: '1h'}", "delivery.mode", "batch-options");
  }

  @Test
  void shouldRefuseAnUnknownDeliveryMode() {
    assertRefused("delivery: {mode: 'nightly'}", "delivery.mode", "one-of");
  }

  @Test
  void shouldRefuseAMaxBackoffBelowTheInitialBackoff() {
    assertRefused("retry: {initial-backoff: '10s', max-backoff: '9s'}", "retry.max-backoff", "min:initial-backoff");
  }

  @Test
  void shouldNameTheFieldOfADurationThatDoesNotParse() {
    // when
    List<FieldError> errors = errorsOf("retry: {max-age: 'a day'}");
    // then
    assertThat(errors).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("retry.max-age", "format:duration"));
    assertThat(errors.getFirst().message()).contains("'a day'");
  }

  @Test
  void shouldRefuseANegativeDurationAsAnInvalidDefinition() {
    assertRefused("retry: {initial-backoff: '-PT1S'}", "retry.initial-backoff", "min:0");
    assertRefused("retry: {max-age: '-PT1H'}", "retry.max-age", "min:0");
  }

  @Test
  void shouldRefuseADurationTooLongToCountInMilliseconds() {
    assertRefused("delivery: {mode: 'batch', window: '999999999999d'}", "delivery.window", "format:duration");
  }

  @Test
  void shouldRefuseMaxInFlightOutsideOneToTheLaneCount() {
    assertRefused("max-in-flight: 0", "max-in-flight", "range:1..64");
    assertRefused("max-in-flight: 65", "max-in-flight", "range:1..64");
    assertRefused("max-in-flight: '8'", "max-in-flight", "range:1..64");
    assertRefused("max-in-flight: 2.5", "max-in-flight", "type:integer");
    assertThat(definition(withTransport("max-in-flight: 64")).maxInFlight()).isEqualTo(64);
  }

  @Test
  void shouldRefuseANameInTheDocumentThatIsNotTheOneInTheUrl() {
    // when
    List<FieldError> errors = readErrors(withTransport(""), "billing");
    // then
    assertThat(errors).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("name", "matches-path"));
    assertThat(errors.getFirst().message()).contains("'billing'");
  }

  @Test
  void shouldRefuseAnInvalidName() {
    for (String name : List.of("CRM", "-crm", "crm hub", "c".repeat(65), "crm.eu")) {
      assertThat(readErrors("{name: '" + name + "', transport: {type: 'test'}}", null))
          .as(name)
          .extracting(FieldError::field, FieldError::rule)
          .containsExactly(tuple("name", "format:name"));
    }
    assertThat(readErrors("{transport: {type: 'test'}}", "Bad Name"))
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("name", "format:name"));
    assertThat(definition("{name: '" + "c".repeat(64) + "', transport: {type: 'test'}}").name()).hasSize(64);
  }

  @Test
  void shouldRequireANameWhenTheUrlHasNone() {
    assertThat(readErrors("{transport: {type: 'test'}}", null)).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("name", "required"));
  }

  @Test
  void shouldReportEveryErrorAtOnce() {
    // given
    String bad =
        """
        {name: 'Bad Name', colour: 'blue',
         events: {types: ['track', 'purchase']},
         delivery: {mode: 'batch'},
         retry: {initial-backoff: '1m', max-backoff: '1s'},
         max-in-flight: 100}
        """;
    // when
    var e = catchThrowableOfType(InvalidDefinitionException.class, () -> DefinitionJson.read(doc(bad), null));
    // then
    assertThat(e.errors())
        .extracting(FieldError::field, FieldError::rule)
        .containsExactlyInAnyOrder(
            tuple("colour", "unknown-field"),
            tuple("name", "format:name"),
            tuple("events.types[1]", "one-of"),
            tuple("transport", "required"),
            tuple("delivery.window", "required"),
            tuple("retry.max-backoff", "min:initial-backoff"),
            tuple("max-in-flight", "range:1..64"));
    assertThat(e.getMessage()).contains("colour: ", "name: ", "events.types[1]: ", "transport: ", "delivery.window: ", "retry.max-backoff: ", "max-in-flight: ");
  }
}
