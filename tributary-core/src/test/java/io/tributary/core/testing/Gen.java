package io.tributary.core.testing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A generator of random test values, for the properties that {@link Generated#forAll} checks.
 *
 * <p>A generator is a function of its random source only: the same source in the same state gives
 * the same value, which is what makes a failing try reproducible from its seed. Generators must
 * therefore draw from nothing else (no {@code Math.random()}, no iteration over hash-ordered
 * collections).
 *
 * <p>The basic generators below weigh the extremes in themselves (empty and longest strings,
 * control characters, zero, minimum and maximum numbers), so that a few hundred tries meet them;
 * there is no shrinking.
 *
 * @param <T> the type of the generated values
 */
@FunctionalInterface
public interface Gen<T> {

  /** Sizes up to this many above the minimum are the common ones; longer ones are rarer. */
  int SMALL_SIZE = 32;

  /** Draws one value from {@code random}. */
  T next(RandomGenerator random);

  /** The values of this generator, transformed. */
  default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    return random -> mapper.apply(next(random));
  }

  /**
   * The values of this generator that satisfy {@code condition}, drawing again for those that do
   * not (at most 10,000 times, then the generator is deemed too strict and fails).
   */
  default Gen<T> filter(Predicate<? super T> condition) {
    Objects.requireNonNull(condition, "condition");
    return random -> {
      for (int attempt = 0; attempt < 10_000; attempt++) {
        T value = next(random);
        if (condition.test(value)) {
          return value;
        }
      }
      throw new IllegalStateException("Expected a filter to let some values pass, but it did not");
    };
  }

  /** Null with the given probability, else a value of this generator. */
  default Gen<T> orNull(double probability) {
    return random -> random.nextDouble() < probability ? null : next(random);
  }

  /** Lists of this generator's values, of {@link #size sizes} {@code min} to {@code max}. */
  default Gen<List<T>> list(int min, int max) {
    return random -> {
      int size = size(random, min, max);
      List<T> values = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        values.add(next(random));
      }
      return values;
    };
  }

  /** Always {@code value}. */
  static <T> Gen<T> constant(T value) {
    return random -> value;
  }

  /** One of {@code values}, each as likely. */
  @SafeVarargs
  static <T> Gen<T> of(T... values) {
    return of(List.of(values));
  }

  /** One of {@code values}, each as likely. */
  static <T> Gen<T> of(List<? extends T> values) {
    List<? extends T> choices = List.copyOf(values);
    if (choices.isEmpty()) {
      throw new IllegalArgumentException("Expected values to choose from, but found none");
    }
    return random -> choices.get(random.nextInt(choices.size()));
  }

  /** A value of one of {@code generators}, each as likely. */
  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<? extends T>... generators) {
    List<Gen<? extends T>> choices = List.of(generators);
    return random -> choices.get(random.nextInt(choices.size())).next(random);
  }

  /** A generator with its weight, for {@link #frequency}. */
  record Weighted<T>(int weight, Gen<? extends T> generator) {
    public Weighted {
      if (weight <= 0) {
        throw new IllegalArgumentException("Expected a positive weight, but it is " + weight);
      }
      Objects.requireNonNull(generator, "generator");
    }
  }

  static <T> Weighted<T> weighted(int weight, Gen<? extends T> generator) {
    return new Weighted<>(weight, generator);
  }

  /** A value of one of the generators, each chosen in proportion to its weight. */
  @SafeVarargs
  static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
    List<Weighted<? extends T>> all = List.of(choices);
    int total = all.stream().mapToInt(Weighted::weight).sum();
    return random -> {
      int pick = random.nextInt(total);
      for (Weighted<? extends T> choice : all) {
        pick -= choice.weight();
        if (pick < 0) {
          return choice.generator().next(random);
        }
      }
      throw new AssertionError("unreachable");
    };
  }

  /**
   * A size from {@code min} to {@code max}, both included: any, each as likely, when they are at
   * most {@link #SMALL_SIZE} apart; else mostly up to {@link #SMALL_SIZE} above {@code min},
   * sometimes anywhere in the range, and now and then exactly {@code min} or {@code max}.
   */
  static int size(RandomGenerator random, int min, int max) {
    if (min < 0 || max < min) {
      throw new IllegalArgumentException(
          "Expected 0 <= min <= max, but they are " + min + ", " + max);
    }
    if (max - min <= SMALL_SIZE) {
      return random.nextInt(min, max + 1);
    }
    double pick = random.nextDouble();
    if (pick < 0.04) {
      return min;
    } else if (pick < 0.06) {
      return max;
    } else if (pick < 0.2) {
      return random.nextInt(min, max + 1);
    }
    return random.nextInt(min, min + SMALL_SIZE + 1);
  }

  /** Any int: the extremes and small values more often than their share. */
  static Gen<Integer> ints() {
    return ints(Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** Any int from {@code min} to {@code max}, both included; the bounds and 0 more often. */
  static Gen<Integer> ints(int min, int max) {
    return longs(min, max).map(Long::intValue);
  }

  /** Any long: the extremes and small values more often than their share. */
  static Gen<Long> longs() {
    return longs(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /**
   * Any long from {@code min} to {@code max}, both included: a bound, a value next to a bound, a
   * small value (near 0 if in range, else near {@code min}), a value of random magnitude, or one
   * uniformly anywhere.
   */
  static Gen<Long> longs(long min, long max) {
    if (max < min) {
      throw new IllegalArgumentException("Expected min <= max, but they are " + min + ", " + max);
    }
    long origin = min <= 0 && 0 <= max ? 0 : min;
    return random -> {
      int pick = random.nextInt(20);
      long value =
          switch (pick) {
            case 0 -> min;
            case 1 -> max;
            case 2 -> min == max ? min : min + 1;
            case 3 -> min == max ? max : max - 1;
            case 4, 5, 6, 7 -> origin + random.nextLong(-100, 101);
            case 8, 9, 10, 11, 12 -> origin + (random.nextLong() >> random.nextInt(64));
            default -> uniform(random, min, max);
          };
      return value < min || value > max ? uniform(random, min, max) : value;
    };
  }

  private static long uniform(RandomGenerator random, long min, long max) {
    if (max == Long.MAX_VALUE && min == Long.MIN_VALUE) {
      return random.nextLong();
    }
    return max == Long.MAX_VALUE
        ? random.nextLong(min - 1, max) + 1
        : random.nextLong(min, max + 1);
  }

  /**
   * Any big integer from {@code min} to {@code max}, both included: the bounds more often, else
   * {@code min} plus an offset of random bit length.
   */
  static Gen<BigInteger> bigIntegers(BigInteger min, BigInteger max) {
    BigInteger range = max.subtract(min);
    if (range.signum() < 0) {
      throw new IllegalArgumentException("Expected min <= max, but they are " + min + ", " + max);
    }
    int bits = range.bitLength();
    return random -> {
      int pick = random.nextInt(10);
      if (pick == 0 || bits == 0) {
        return min;
      } else if (pick == 1) {
        return max;
      }
      byte[] bytes = new byte[(bits + 7) / 8];
      random.nextBytes(bytes);
      int offsetBits = random.nextInt(1, bits + 1);
      BigInteger offset = new BigInteger(1, bytes).shiftRight(bytes.length * 8 - offsetBits);
      return min.add(offset.mod(range.add(BigInteger.ONE)));
    };
  }

  /**
   * Any double, infinities and NaN included: special values, cents, fractions of random magnitude,
   * or any bit pattern.
   */
  static Gen<Double> doubles() {
    Gen<Double> special =
        of(
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.01,
            -0.01,
            Double.MIN_VALUE,
            -Double.MIN_VALUE,
            Double.MIN_NORMAL,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.NaN);
    Gen<Long> longs = longs();
    return random ->
        switch (random.nextInt(4)) {
          case 0 -> special.next(random);
          case 1 -> longs.next(random) / 100.0;
          case 2 -> (random.nextDouble() * 2 - 1) * Math.pow(10, random.nextInt(-20, 21));
          default -> Double.longBitsToDouble(random.nextLong());
        };
  }

  /**
   * Any char but a surrogate: printable ASCII, ASCII control characters, whitespace, the first and
   * last, or anything else in the basic multilingual plane (noncharacters and private use
   * included).
   *
   * <p>Lone surrogates are left out: no valid UTF-8 input decodes to one. Characters beyond the
   * basic multilingual plane (emoji), as surrogate pairs, come from {@link #strings}.
   */
  static Gen<Character> chars() {
    Gen<Character> whitespace = of(' ', '\t', '\n', '\r', '\u000B', '\u00A0', '\u2028', '\u3000');
    Gen<Integer> control = ints(0, 0x20).map(c -> c == 0x20 ? 0x7F : c);
    int surrogates = Character.MAX_SURROGATE - Character.MIN_SURROGATE + 1;
    return random -> {
      int c =
          switch (random.nextInt(20)) {
            case 0, 1, 2, 3, 4 -> random.nextInt(0x20, 0x7F);
            case 5, 6 -> control.next(random);
            case 7, 8 -> whitespace.next(random);
            case 9 -> random.nextBoolean() ? Character.MIN_VALUE : Character.MAX_VALUE;
            default -> {
              int any = random.nextInt(Character.MAX_VALUE + 1 - surrogates);
              yield any < Character.MIN_SURROGATE ? any : any + surrogates;
            }
          };
      return (char) c;
    };
  }

  /**
   * Any string of {@link #chars}, of {@link #size} {@code minLength} to {@code maxLength} chars,
   * where about one position in ten holds a code point beyond the basic multilingual plane (an
   * emoji, say) as a surrogate pair. Such keys once made stored events undecodable (Jackson
   * 2.21.1, jackson-core issue 1541).
   */
  static Gen<String> strings(int minLength, int maxLength) {
    Gen<Character> chars = chars();
    return random -> {
      int length = size(random, minLength, maxLength);
      StringBuilder text = new StringBuilder(length);
      while (text.length() < length) {
        if (length - text.length() >= 2 && random.nextInt(10) == 0) {
          text.appendCodePoint(random.nextInt(Character.MIN_SUPPLEMENTARY_CODE_POINT, Character.MAX_CODE_POINT + 1));
        } else {
          text.append(chars.next(random).charValue());
        }
      }
      return text.toString();
    };
  }
}
