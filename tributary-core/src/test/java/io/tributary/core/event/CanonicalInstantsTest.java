package io.tributary.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalInstantsTest {

  @Test
  void shouldAgreeWithInstantParseOnWhatInstantToStringWrites() {
    // given: 100,000 instants from year 0 to 9999, with every fraction length toString can produce
    var random = new SplittableRandom(20261123);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      int nanos = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1_000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant expected = Instant.ofEpochSecond(random.nextLong(min, max + 1), nanos);
      // when
      Instant fast = CanonicalInstants.parseCanonical(expected.toString());
      // then
      assertThat(fast).as("parsing %s", expected).isEqualTo(expected);
    }
  }

  @Test
  void shouldWriteExactlyWhatInstantToStringWrites() {
    // given: instants inside and just outside years 0 to 9999, with every fraction length
    var random = new SplittableRandom(20261203);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      int nanos = switch (i % 5) {
        case 0 -> 0;
        case 1 -> random.nextInt(1_000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        case 3 -> random.nextInt(1_000_000_000);
        default -> random.nextInt(10) * 100_000_000; // trailing zeros inside a group of three
      };
      long second = i % 50 == 0 ? random.nextLong(min - 100_000_000_000L, max + 100_000_000_000L) : random.nextLong(min, max + 1);
      Instant instant = Instant.ofEpochSecond(second, nanos);
      // when, then
      assertThat(CanonicalInstants.format(instant)).as("writing %s", instant).isEqualTo(instant.toString());
    }
    for (Instant edge : new Instant[] {
      Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.ofEpochSecond(min), Instant.ofEpochSecond(min - 1),
      Instant.ofEpochSecond(max, 999_999_999), Instant.ofEpochSecond(max + 1), Instant.MIN, Instant.MAX
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
