package io.tributary.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalInstantsTest {

  static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  static final long END_OF_9999 = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  /**
   * {@code count} random instants from year 0 to 9999, with every fraction length {@link
   * Instant#toString()} writes (0, 3, 6, 9 digits, and fractions with zeros at the end of a group
   * of three); with {@code beyond}, every 50th is up to about 3,000 years outside that range.
   */
  static List<Instant> randomInstants(long seed, int count, boolean beyond) {
    var random = new SplittableRandom(seed);
    List<Instant> instants = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int nanos = switch (i % 5) {
        case 0 -> 0;
        case 1 -> random.nextInt(1_000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        case 3 -> random.nextInt(1_000_000_000);
        default -> random.nextInt(10) * 100_000_000;
      };
      long second = beyond && i % 50 == 0
          ? random.nextLong(YEAR_0 - 100_000_000_000L, END_OF_9999 + 100_000_000_000L)
          : random.nextLong(YEAR_0, END_OF_9999 + 1);
      instants.add(Instant.ofEpochSecond(second, nanos));
    }
    return instants;
  }

  @Test
  void shouldAgreeWithInstantParseOnWhatInstantToStringWrites() {
    for (Instant expected : randomInstants(20261123, 100_000, false)) {
      // when
      Instant fast = CanonicalInstants.parseCanonical(expected.toString());
      // then
      assertThat(fast).as("parsing %s", expected).isEqualTo(expected);
    }
  }

  @Test
  void shouldWriteExactlyWhatInstantToStringWrites() {
    for (Instant instant : randomInstants(20261203, 100_000, true)) {
      assertThat(CanonicalInstants.format(instant)).as("writing %s", instant).isEqualTo(instant.toString());
    }
    for (Instant edge : new Instant[] {
      Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.ofEpochSecond(YEAR_0), Instant.ofEpochSecond(YEAR_0 - 1),
      Instant.ofEpochSecond(END_OF_9999, 999_999_999), Instant.ofEpochSecond(END_OF_9999 + 1), Instant.MIN, Instant.MAX
    }) {
      assertThat(CanonicalInstants.format(edge)).as("writing %s", edge).isEqualTo(edge.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "2026-11-23T12:47:35Z", "2026-11-23T12:47:35.1Z", "2026-11-23T12:47:35.12Z", "2024-02-29T23:59:59.999999999Z"
  })
  void shouldReadEveryFractionLength(String text) {
    assertThat(CanonicalInstants.parseCanonical(text)).isEqualTo(Instant.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "2026-11-23T12:47:35+01:00", "+10000-01-01T00:00:00Z", "2026-11-23 12:47:35Z", "2026-13-01T00:00:00Z",
    "2026-02-30T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T12:47:35.Z", "2026-11-23T12:47:35.1234567890Z",
    "2026-11-23T12:4x:35Z", ""
  })
  void shouldLeaveEverythingElseToInstantParse(String text) {
    assertThat(CanonicalInstants.parseCanonical(text)).isNull();
  }

  @Test
  void shouldFallBackToInstantParseAndItsErrors() {
    assertThat(CanonicalInstants.parse("+10000-01-01T00:00:00Z")).isEqualTo(Instant.parse("+10000-01-01T00:00:00Z"));
    assertThatThrownBy(() -> CanonicalInstants.parse("2026-02-30T00:00:00Z")).isInstanceOf(DateTimeException.class);
  }
}
