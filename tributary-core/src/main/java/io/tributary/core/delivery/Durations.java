package io.tributary.core.delivery;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in definitions: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h}, {@code 7d}, or ISO-8601. */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
  /** The largest number {@link #SHORT} reads. */
  private static final long MAX_SHORT = 999_999_999_999L;

  private Durations() {}

  /**
   * @throws IllegalArgumentException when the text is neither form, or too long a duration to count
   *     in milliseconds
   */
  public static Duration parse(String text) {
    Duration d = parseEither(text);
    try {
      d.toMillis();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("Expected a duration of at most " + Long.MAX_VALUE + " ms, but got '" + text + "'");
    }
    return d;
  }

  private static Duration parseEither(String text) {
    Matcher m = SHORT.matcher(text.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Expected a duration like 500ms, 30s, 5m, 24h, 7d or PT1H, but got '" + text + "'");
    }
  }

  /**
   * The shortest of the short forms that is exact and that {@link #parse} reads back (at most 12
   * digits); else ISO-8601, as for a fraction of a millisecond.
   */
  public static String format(Duration d) {
    if (d.getNano() % 1_000_000 != 0 || d.isNegative()) {
      return d.toString();
    }
    long ms = d.toMillis();
    String unit;
    long n;
    if (ms % 86_400_000L == 0 && ms > 0) {
      n = ms / 86_400_000L;
      unit = "d";
    } else if (ms % 3_600_000L == 0 && ms > 0) {
      n = ms / 3_600_000L;
      unit = "h";
    } else if (ms % 60_000L == 0 && ms > 0) {
      n = ms / 60_000L;
      unit = "m";
    } else if (ms % 1000L == 0 && ms > 0) {
      n = ms / 1000L;
      unit = "s";
    } else {
      n = ms;
      unit = "ms";
    }
    return n <= MAX_SHORT ? n + unit : d.toString();
  }
}
