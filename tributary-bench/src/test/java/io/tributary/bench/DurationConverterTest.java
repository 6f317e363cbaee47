package io.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {

  @Test
  void shouldReadTheUnitsPeopleType() {
    assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationConverter.parse("50ms")).isEqualTo(Duration.ofMillis(50));
    assertThat(DurationConverter.parse("500us")).isEqualTo(Duration.ofNanos(500_000));
    assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1_500));
    assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationConverter.parse("PT10S")).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void shouldRejectUnknownFormsNamingTheValue() {
    assertThatThrownBy(() -> DurationConverter.parse("ten seconds"))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("'ten seconds'");
  }
}
