package io.tributary.connectors.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.event.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CamelTransportFactoryTest {
  private static final DeliveryMode REALTIME = new DeliveryMode.Realtime();
  @AutoClose private static final CamelTransportFactory factory = new CamelTransportFactory();

  @Test
  void shouldAcceptAnEndpointOfAComponentOnTheClasspathInEitherMode() {
    // given
    Map<String, Object> options = Map.of("uri", "file:/data/out?fileExist=Override", "headers", Map.of("X-Source", "hub", "X-Priority", 1, "X-Test", true));

    // when
    List<FieldError> realtime = factory.validate(options, REALTIME);
    List<FieldError> batch = factory.validate(options, new DeliveryMode.Batch(Duration.ofHours(1), 100));

    // then
    assertThat(realtime).isEmpty();
    assertThat(batch).isEmpty();
  }

  @Test
  void shouldRefuseASchemeNoComponentOnTheClasspathHas() {
    // when
    List<FieldError> errors = factory.validate(Map.of("uri", "nosuch:foo"), REALTIME);

    // then
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("transport.uri");
      assertThat(e.rule()).isEqualTo("camel:component");
      assertThat(e.message()).contains("'nosuch'").contains("file").contains("smtp");
    });
  }

  @Test
  void shouldRefuseAnEndpointOptionTheComponentDoesNotHave() {
    // when
    List<FieldError> errors = factory.validate(Map.of("uri", "file:/data/out?fileExists=Override"), REALTIME);

    // then
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("transport.uri");
      assertThat(e.rule()).isEqualTo("camel:endpoint");
      assertThat(e.message()).contains("fileExists");
    });
  }

  @Test
  void shouldRefuseAUriWithoutScheme() {
    // when
    List<FieldError> errors = factory.validate(Map.of("uri", "/data/out"), REALTIME);

    // then
    assertThat(errors).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("transport.uri", "format:uri"));
  }

  @Test
  void shouldValidateWithoutStartingOrConnectingAnything() {
    // given: no mail server listens on port 1
    Map<String, Object> options = Map.of("uri", "smtp://localhost:1?to=crm@example.com&from=hub@example.com");

    // when
    List<FieldError> errors = factory.validate(options, REALTIME);

    // then
    assertThat(errors).isEmpty();
    assertThat(factory.running()).isFalse();
  }

  @Test
  void shouldNameEveryWrongOption() {
    // given
    Map<String, Object> options = Map.of("headers", Map.of("Idempotency-Key", "fixed", "X-List", List.of(1)), "url", "file:/tmp");

    // when
    List<FieldError> errors = factory.validate(options, REALTIME);

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactlyInAnyOrder(
            tuple("transport.url", "unknown-option"),
            tuple("transport.uri", "required"),
            tuple("transport.headers.Idempotency-Key", "reserved"),
            tuple("transport.headers.X-List", "type:scalar"));
  }

  @Test
  void shouldRefuseHeadersThatAreNoObject() {
    // when
    List<FieldError> errors = factory.validate(Map.of("uri", "file:/data/out", "headers", List.of("X-Source: hub")), REALTIME);

    // then
    assertThat(errors).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("transport.headers", "type:object"));
  }
}
