package io.tributary.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void shouldReadDeltaSeconds() {
    assertThat(RetryAfter.parse(Optional.of(" 3 "), NOW)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void shouldReadAnHttpDateRelativeToNow() {
    String inFiveSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(5).atOffset(ZoneOffset.UTC));

    assertThat(RetryAfter.parse(Optional.of(inFiveSeconds), NOW)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void shouldNotWaitForADateInThePast() {
    String past =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(5).atOffset(ZoneOffset.UTC));

    assertThat(RetryAfter.parse(Optional.of(past), NOW)).isZero();
  }

  @Test
  void shouldFallBackToTheDefaultWhenAbsentOrUnreadable() {
    assertThat(RetryAfter.parse(Optional.empty(), NOW)).isEqualTo(RetryAfter.DEFAULT);
    assertThat(RetryAfter.parse(Optional.of("soon"), NOW)).isEqualTo(RetryAfter.DEFAULT);
  }

  @Test
  void shouldCapLongDelaysSoARunCannotStall() {
    assertThat(RetryAfter.parse(Optional.of("3600"), NOW)).isEqualTo(RetryAfter.MAX);
  }
}
