package io.tributary.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratedTest {

  @Test
  void shouldNameTheTrySeedAndSampleOfAFailure() {
    // given
    long seed = Generated.seedOf("GeneratedTest#shouldNameTheTrySeedAndSampleOfAFailure");
    List<Integer> seen = new ArrayList<>();

    // when
    assertThatThrownBy(
            () ->
                Generated.forAll(
                    100,
                    Gen.ints(0, 1000),
                    value -> {
                      seen.add(value);
                      assertThat(seen).hasSizeLessThan(17);
                    }))
        // then
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "property failed at try 17 of 100 with seed "
                + seed
                + "; rerun with -Dtributary.test.seed="
                + seed
                + " -Dtest=GeneratedTest#shouldNameTheTrySeedAndSampleOfAFailure\nsample: "
                + seen.getLast())
        .cause()
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldReportAnExceptionOfTheCheckAsAFailure() {
    assertThatThrownBy(
            () ->
                Generated.forAll(
                    10,
                    Gen.ints(),
                    Gen.strings(0, 5),
                    (number, text) -> {
                      throw new IllegalStateException("boom");
                    }))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("property failed at try 1 of 10 with seed ")
        .hasMessageContaining("\nsample: (")
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");
  }

  @Test
  void shouldGenerateTheSameValuesFromTheSameSeed() {
    // given
    String previous = System.getProperty(Generated.SEED_PROPERTY);
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    List<String> other = new ArrayList<>();

    // when
    try {
      System.setProperty(Generated.SEED_PROPERTY, "42");
      Generated.forAll(50, Gen.strings(0, 20), first::add);
      Generated.forAll(50, Gen.strings(0, 20), second::add);
      System.setProperty(Generated.SEED_PROPERTY, "43");
      Generated.forAll(50, Gen.strings(0, 20), other::add);
    } finally {
      if (previous == null) {
        System.clearProperty(Generated.SEED_PROPERTY);
      } else {
        System.setProperty(Generated.SEED_PROPERTY, previous);
      }
    }

    // then
    assertThat(second).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void shouldKeepNumbersAndSizesInTheirBoundsAndReachTheBounds() {
    // given
    List<Long> longs = new ArrayList<>();
    List<BigInteger> bigs = new ArrayList<>();
    List<Integer> lengths = new ArrayList<>();
    BigInteger low = BigInteger.TWO.pow(63);
    BigInteger high = BigInteger.TWO.pow(100);

    // when
    Generated.forAll(
        1000,
        Gen.longs(-5, Long.MAX_VALUE),
        Gen.bigIntegers(low, high),
        (number, big) -> {
          longs.add(number);
          bigs.add(big);
        });
    Generated.forAll(1000, Gen.strings(3, 40), text -> lengths.add(text.length()));

    // then
    assertThat(longs).allMatch(l -> l >= -5).contains(-5L, Long.MAX_VALUE, 0L);
    assertThat(bigs).allMatch(b -> b.compareTo(low) >= 0 && b.compareTo(high) <= 0).contains(low);
    assertThat(bigs).contains(high);
    assertThat(lengths).allMatch(n -> n >= 3 && n <= 40).contains(3, 40);
  }
}
