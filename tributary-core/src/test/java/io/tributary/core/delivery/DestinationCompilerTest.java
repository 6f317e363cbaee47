package io.tributary.core.delivery;

import static io.tributary.core.delivery.Definitions.compileErrors;
import static io.tributary.core.delivery.Definitions.destination;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tributary.core.event.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class DestinationCompilerTest {

  private static String crm(String fields) {
    return Definitions.text("crm", fields);
  }

  @Test
  void shouldCompileAValidFilterMappingAndTransport() {
    // when
    Destination d = destination(crm("filter: \"event.properties.total > 100 && has(profile.traits.email)\", mapping: \"{'email': profile.traits.email}\""));
    // then
    assertThat(d.name()).isEqualTo("crm");
    assertThat(d.definition().filter()).isEqualTo("event.properties.total > 100 && has(profile.traits.email)");
  }

  @Test
  void shouldCompileWithoutFilterOrMapping() {
    assertThat(destination(crm("")).definition().transport().options()).containsEntry("target", "x");
  }

  @Test
  void shouldNameTheFilterWhenItsCelDoesNotParse() {
    // when
    List<FieldError> errors = compileErrors(crm("filter: 'event.properties.total >'"));
    // then
    assertThat(errors).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("filter", "cel"));
    assertThat(errors.getFirst().message()).startsWith("The CEL filter does not compile");
  }

  @Test
  void shouldNameTheFilterWhenItUsesAnUndeclaredVariable() {
    assertThat(compileErrors(crm("filter: \"user.email == 'ada@example.com'\"")))
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("filter", "cel"));
  }

  @Test
  void shouldNameTheFilterWhenItsTypeIsKnownNotToBeBoolean() {
    for (String filter : List.of("1 + 2", "'yes'", "event.properties.total + 1 > 2 ? 'a' : 'b'", "size(event.properties)")) {
      assertThat(compileErrors(crm("filter: \"" + filter + "\"")))
          .as(filter)
          .extracting(FieldError::field, FieldError::rule)
          .containsExactly(tuple("filter", "cel"));
    }
  }

  @Test
  void shouldNameTheMappingWhenItsJsonataDoesNotParse() {
    // when
    List<FieldError> errors = compileErrors(crm("mapping: \"{'email': }\""));
    // then
    assertThat(errors).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("mapping", "jsonata"));
    assertThat(errors.getFirst().message()).startsWith("The JSONata mapping does not parse");
  }

  @Test
  void shouldNameTheMappingWhenTheJsonataParserFailsOnIt() {
    // given: the parser fails with a NullPointerException on this one
    assertThat(compileErrors(crm("mapping: 'tal#'"))).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("mapping", "jsonata"));
  }

  @Test
  void shouldNameTheExpressionsThatAreNestedTooDeeply() {
    // given
    String deep = "(".repeat(5_000) + "1" + ")".repeat(5_000);
    // when
    List<FieldError> errors = compileErrors(crm("filter: '" + deep + " == 1', mapping: '" + deep + "'"));
    // then
    assertThat(errors).extracting(FieldError::field).containsExactly("filter", "mapping");
  }

  @Test
  void shouldNameTheTransportTypeWhenNoFactoryKnowsIt() {
    // when
    List<FieldError> errors = compileErrors("{name: 'crm', transport: {type: 'carrier-pigeon'}}");
    // then
    assertThat(errors).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("transport.type", "one-of"));
    assertThat(errors.getFirst().message()).contains("[test]", "'carrier-pigeon'");
  }

  @Test
  void shouldPassOnTheTransportsOwnValidationErrors() {
    assertThat(compileErrors("{name: 'crm', transport: {type: 'test', port: 25}}"))
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("transport.target", "required"), tuple("transport.port", "unknown-field"));
  }

  @Test
  void shouldReportFilterMappingAndTransportErrorsAtOnce() {
    assertThat(compileErrors("{name: 'crm', filter: '1 +', mapping: '$$$(', transport: {type: 'test'}}"))
        .extracting(FieldError::field)
        .containsExactly("filter", "mapping", "transport.target");
  }
}
