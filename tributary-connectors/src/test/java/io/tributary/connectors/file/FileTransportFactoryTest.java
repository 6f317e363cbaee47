package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.event.FieldError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTransportFactoryTest {
  private static final DeliveryMode BATCH = new DeliveryMode.Batch(Duration.ofMinutes(5), 1000);

  @TempDir Path dir;

  private final FileTransportFactory factory = new FileTransportFactory();

  @Test
  void shouldAcceptEveryOption() {
    // given
    Map<String, Object> options = Map.of("directory", dir.toString(), "format", "csv", "prefix", "crm.export", "columns", List.of("email"), "compress", true,
            "csv-formulas", "keep");

    // when
    List<FieldError> errors = factory.validate(options, BATCH);

    // then
    assertThat(errors).isEmpty();
  }

  @Test
  void shouldTakeCsvFormulasOnlyAsEscapeOrKeepAndOnlyForCsv() {
    assertThat(factory.validate(Map.of("directory", dir.toString(), "format", "csv", "csv-formulas", "strip"), BATCH))
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("transport.csv-formulas", "one-of"));
    assertThat(factory.validate(Map.of("directory", dir.toString(), "csv-formulas", "escape"), BATCH))
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("transport.csv-formulas", "csv-only"));
  }

  @Test
  void shouldRefuseRealtimeDelivery() {
    // when
    List<FieldError> errors = factory.validate(Map.of("directory", dir.toString()), new DeliveryMode.Realtime());

    // then
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("delivery.mode");
      assertThat(e.rule()).isEqualTo("batch-only");
      assertThat(e.message()).contains("one file per window");
    });
    assertThatThrownBy(() -> factory.create("orders", Map.of("directory", dir.toString()), new DeliveryMode.Realtime()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delivery.mode");
  }

  @Test
  void shouldNameEveryWrongOption() {
    // given
    Map<String, Object> options = Map.of("format", "xml", "prefix", ".hidden", "compress", "yes", "colour", "blue");

    // when
    List<FieldError> errors = factory.validate(options, BATCH);

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactlyInAnyOrder(
            tuple("transport.colour", "unknown-option"),
            tuple("transport.directory", "required"),
            tuple("transport.format", "one-of"),
            tuple("transport.prefix", "format:file-name"),
            tuple("transport.compress", "type:boolean"));
  }

  @Test
  void shouldRefuseColumnsExceptForCsv() {
    // when
    List<FieldError> jsonl = factory.validate(Map.of("directory", dir.toString(), "columns", List.of("a")), BATCH);
    List<FieldError> notAList = factory.validate(Map.of("directory", dir.toString(), "format", "csv", "columns", "a,b"), BATCH);
    List<FieldError> twice = factory.validate(Map.of("directory", dir.toString(), "format", "csv", "columns", List.of("a", "a")), BATCH);
    List<FieldError> notStrings = factory.validate(Map.of("directory", dir.toString(), "format", "csv", "columns", List.of("a", 1)), BATCH);

    // then
    assertThat(jsonl).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("transport.columns", "csv-only"));
    assertThat(notAList).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("transport.columns", "type:array"));
    assertThat(twice).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("transport.columns", "unique"));
    assertThat(notStrings).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("transport.columns", "type:string"));
  }

  @Test
  void shouldRefuseADirectoryThatIsNoString() {
    // when
    List<FieldError> errors = factory.validate(Map.of("directory", 42), BATCH);

    // then
    assertThat(errors).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("transport.directory", "type:string"));
  }

  @Test
  void shouldValidateWithoutTouchingTheDisk() {
    // given
    Path missing = dir.resolve("not-yet");

    // when
    List<FieldError> errors = factory.validate(Map.of("directory", missing.toString()), BATCH);

    // then
    assertThat(errors).isEmpty();
    assertThat(missing).doesNotExist();
  }
}
