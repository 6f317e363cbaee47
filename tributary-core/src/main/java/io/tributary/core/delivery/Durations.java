package io.tributary.core.delivery;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in definitions: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h}, {@code 7d}, or ISO-8601. */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

  private Durations() {}

  /** @throws IllegalArgumentException when the text is neither form */
  public static Duration parse(String text) {
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

  /** The shortest of the short forms that is exact. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000L == 0 && ms > 0) {
      return ms / 86_400_000L + "d";
    } else if (ms % 3_600_000L == 0 && ms > 0) {
      return ms / 3_600_000L + "h";
    } else if (ms % 60_000L == 0 && ms > 0) {
      return ms / 60_000L + "m";
    } else if (ms % 1000L == 0 && ms > 0) {
      return ms / 1000L + "s";
    }
    return ms + "ms";
  }
}
