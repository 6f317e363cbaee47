package io.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * A whole number within bounds. Accepts YAML integers and, as environment variables do, their text.
 *
 * @param <T> {@link Short}, {@link Integer} or {@link Long}
 */
final class IntegerType<T extends Number> extends ScalarType<T> {

  private final long min;
  private final long max;
  private final long unbounded;
  private final LongFunction<T> box;

  private IntegerType(long min, long max, long unbounded, LongFunction<T> box) {
    if (min > max) {
      throw new IllegalArgumentException("Expected min <= max, but was " + min + " > " + max);
    }
    this.min = min;
    this.max = max;
    this.unbounded = unbounded;
    this.box = box;
  }

  static IntegerType<Integer> between(int min, int max) {
    return new IntegerType<>(min, max, Integer.MAX_VALUE, v -> (int) v);
  }

  static IntegerType<Integer> atLeast(int min) {
    return between(min, Integer.MAX_VALUE);
  }

  static IntegerType<Short> shortBetween(short min, short max) {
    // Never unbounded: the description names the upper bound, which is the type's own.
    return new IntegerType<>(min, max, Long.MAX_VALUE, v -> (short) v);
  }

  static IntegerType<Long> longAtLeast(long min) {
    return new IntegerType<>(min, Long.MAX_VALUE, Long.MAX_VALUE, v -> v);
  }

  @Override
  public String description() {
    return max == unbounded
        ? "an integer of at least " + min
        : "an integer from " + min + " to " + max;
  }

  @Override
  public Optional<T> read(JsonNode node, String path, Problems problems) {
    long value;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      value = node.longValue();
    } else if (node.isTextual()) {
      try {
        value = Long.parseLong(node.textValue().strip());
      } catch (NumberFormatException e) {
        return mismatch(node, path, problems);
      }
    } else {
      return mismatch(node, path, problems);
    }
    if (value < min || value > max) {
      // Out of range for the Java type too, or about to be reported by validate(): say it once.
      problems.add(path, "expected " + description() + ", but was " + value);
      return Optional.empty();
    }
    return Optional.of(box.apply(value));
  }

  @Override
  public void validate(T value, String path, Problems problems) {
    long v = value.longValue();
    if (v < min || v > max) {
      problems.add(path, "expected " + description() + ", but was " + v);
    }
  }

  @Override
  public JsonNode write(T value) {
    return LongNode.valueOf(value.longValue());
  }
}
