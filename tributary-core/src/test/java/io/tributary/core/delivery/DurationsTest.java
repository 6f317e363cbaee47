package io.tributary.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.tributary.core.testing.Gen;
import io.tributary.core.testing.Generated;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void shouldReadTheShortFormsAndIso() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse(" 5m ")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("pt1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("PT0.0005S")).isEqualTo(Duration.ofNanos(500_000));
  }

  @Test
  void shouldRefuseWhatIsNoDuration() {
    for (String text : new String[] {"", "5", "5 minutes", "1.5h", "-5s", "5w", "1234567890123ms"}) {
      assertThatIllegalArgumentException().as(text).isThrownBy(() -> Durations.parse(text)).withMessageContaining("'" + text + "'");
    }
  }

  @Test
  void shouldRefuseADurationTooLongToCountInMilliseconds() {
    assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("999999999999d")).withMessageContaining("at most");
    assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("PT9999999999999999H")).withMessageContaining("PT9999999999999999H");
  }

  @Test
  void shouldWriteTheShortestExactShortForm() {
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0ms");
    assertThat(Durations.format(Duration.ofMillis(1_500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Durations.format(Duration.ofHours(48))).isEqualTo("2d");
  }

  @Test
  void shouldWriteIsoWhereNoShortFormIsExactOrShortEnough() {
    assertThat(Durations.format(Duration.ofNanos(500_000))).isEqualTo("PT0.0005S");
    assertThat(Durations.format(Duration.ofDays(9_999_999_998L).plusSeconds(175))).isEqualTo("PT239999999952H2M55S");
  }

  @Test
  void shouldReadBackWhatItWrote() {
    Generated.forAll(
        2_000,
        Gen.oneOf(
            Gen.longs(0, 100_000_000_000L).map(Duration::ofMillis),
            Gen.longs(0, Long.MAX_VALUE).map(Duration::ofMillis),
            random -> Duration.ofSeconds(Gen.longs(0, 100_000_000_000L).next(random), Gen.ints(0, 999_999_999).next(random))),
        d -> assertThat(Durations.parse(Durations.format(d))).isEqualTo(d));
  }
}
