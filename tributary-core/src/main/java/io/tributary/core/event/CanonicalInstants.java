package io.tributary.core.event;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads and writes instants in the one shape {@link Instant#toString()} writes for years 0000 to
 * 9999 ({@code 2026-11-23T12:47:35.295934401Z}, with 0, 3, 6 or 9 fraction digits), which is how
 * the codec and the state store keep them.
 *
 * <p>Written by hand because profiling showed {@link Instant#parse} (a general formatter) taking
 * half of the time to decode an event from the log, on the processor's single thread, and {@link
 * Instant#toString()} a tenth of the processor's allocations. Anything not in the canonical shape
 * falls back to those, so the results are always the same as theirs.
 */
public final class CanonicalInstants {
  private static final long MAX_CANONICAL_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z
  private static final long MIN_CANONICAL_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z

  private CanonicalInstants() {}

  /** Exactly {@code instant.toString()}. */
  public static String format(Instant instant) {
    long second = instant.getEpochSecond();
    if (second < MIN_CANONICAL_SECOND || second > MAX_CANONICAL_SECOND) {
      return instant.toString();
    }
    long epochDay = Math.floorDiv(second, 86_400);
    int secondOfDay = (int) Math.floorMod(second, 86_400);
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    int nanos = instant.getNano();
    int fractionDigits = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
    byte[] out = new byte[20 + (fractionDigits == 0 ? 0 : fractionDigits + 1)];
    put(out, 0, date.getYear(), 4);
    out[4] = '-';
    put(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    put(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    put(out, 11, secondOfDay / 3_600, 2);
    out[13] = ':';
    put(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    put(out, 17, secondOfDay % 60, 2);
    if (fractionDigits > 0) {
      out[19] = '.';
      int fraction = fractionDigits == 3 ? nanos / 1_000_000 : fractionDigits == 6 ? nanos / 1_000 : nanos;
      put(out, 20, fraction, fractionDigits);
    }
    out[out.length - 1] = 'Z';
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** Writes {@code value} as {@code width} decimal digits, zero-padded, at {@code at}. */
  private static void put(byte[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * @throws DateTimeException if {@code text} is no ISO-8601 instant
   */
  static Instant parse(String text) {
    Instant fast = parseCanonical(text);
    return fast != null ? fast : Instant.parse(text);
  }

  /** The instant, or null when the text is not in the canonical shape. */
  static Instant parseCanonical(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
        || second > 59) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      int fractionDigits = n - 21;
      if (s.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
        return null;
      }
      int fraction = digits(s, 20, n - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = fractionDigits; i < 9; i++) {
        nanos *= 10;
      }
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException invalidDate) {
      return null;
    }
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The decimal value of s[from, to), or -1 if a character is not a digit. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }
}
