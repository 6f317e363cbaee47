package io.tributary.bench.load;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header (RFC 9110 section 10.2.3). */
public final class RetryAfter {

  /** Used when a throttling answer carries no usable header. */
  public static final Duration DEFAULT = Duration.ofSeconds(1);

  /** A server asking for more than this is obeyed only this long, so a run cannot stall. */
  public static final Duration MAX = Duration.ofSeconds(30);

  private RetryAfter() {}

  /**
   * Returns how long to wait.
   *
   * @param header the header's value, if any: delta-seconds or an HTTP-date
   * @param now the current time, to turn an HTTP-date into a delay
   * @return the delay, between zero and {@link #MAX}; {@link #DEFAULT} when absent or unreadable
   */
  public static Duration parse(Optional<String> header, Instant now) {
    if (header.isEmpty() || header.get().isBlank()) {
      return DEFAULT;
    }
    String value = header.get().trim();
    Duration delay;
    try {
      delay = Duration.ofSeconds(Long.parseLong(value));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        delay = Duration.between(now, at);
      } catch (DateTimeParseException notDate) {
        return DEFAULT;
      }
    }
    if (delay.isNegative()) {
      return Duration.ZERO;
    }
    return delay.compareTo(MAX) > 0 ? MAX : delay;
  }
}
