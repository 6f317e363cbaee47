package io.tributary.bench.sink;

import io.tributary.bench.payload.ByteSearch;
import io.tributary.bench.payload.RetailEvents;
import java.nio.charset.StandardCharsets;

/**
 * Finds the send time the load generator stamped into an event ({@code "sent_at_us":<digits>}) in a
 * webhook body, by scanning the bytes: parsing every body into a tree would cost the receiver more
 * CPU than the hub it shares the machine with should lose.
 */
final class SentAt {

  private static final byte[] KEY =
      ('"' + RetailEvents.SENT_AT_FIELD + '"').getBytes(StandardCharsets.US_ASCII);

  /** What {@link #find} returns when the body holds no send time. */
  static final long NONE = -1;

  private SentAt() {}

  /**
   * The first {@code "sent_at_us"} number in {@code body}, wherever it is (in the default payload
   * it is under {@code context}; a mapping may put it anywhere), or {@link #NONE}.
   */
  static long find(byte[] body) {
    int at = ByteSearch.indexOf(body, KEY, 0);
    return at < 0 ? NONE : valueAt(body, at);
  }

  /**
   * Every {@code "sent_at_us"} number in {@code body}, in order: one per event of a JSON array of
   * payloads (a destination with {@code max-batch} above 1, or a batch window).
   */
  static long[] findAll(byte[] body) {
    long[] found = new long[8];
    int n = 0;
    for (int at = ByteSearch.indexOf(body, KEY, 0); at >= 0; at = ByteSearch.indexOf(body, KEY, at + KEY.length)) {
      long value = valueAt(body, at);
      if (value != NONE) {
        if (n == found.length) {
          found = java.util.Arrays.copyOf(found, n * 2);
        }
        found[n++] = value;
      }
    }
    return java.util.Arrays.copyOf(found, n);
  }

  /** Whether the body is a JSON array (of payloads). */
  static boolean isArray(byte[] body) {
    int i = skipSpace(body, 0);
    return i < body.length && body[i] == '[';
  }

  private static long valueAt(byte[] body, int at) {
    int i = skipSpace(body, at + KEY.length);
    if (i >= body.length || body[i] != ':') {
      return NONE;
    }
    i = skipSpace(body, i + 1);
    long value = 0;
    int digits = 0;
    for (; i < body.length && body[i] >= '0' && body[i] <= '9' && digits < 18; i++, digits++) {
      value = value * 10 + (body[i] - '0');
    }
    return digits == 0 ? NONE : value;
  }

  private static int skipSpace(byte[] body, int i) {
    while (i < body.length
        && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
      i++;
    }
    return i;
  }
}
