package io.tributary.bench.payload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A pre-rendered {@code {"batch":[...]}} request body whose message ids are placeholders.
 *
 * <p>Re-sending identical bodies would let a deduplicating server skip the work, so each send
 * {@linkplain #stamp stamps} fresh ids into a copy: a byte copy and a few fixed-width writes, cheap
 * next to the request itself.
 */
public final class BatchTemplate {

  /** Length of a stamped message id: 8 hex digits of run id, a dash, 16 hex digits. */
  public static final int MESSAGE_ID_LENGTH = 25;

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final byte[] body;
  private final int[] messageIdOffsets;

  private BatchTemplate(byte[] body, int[] messageIdOffsets) {
    this.body = body;
    this.messageIdOffsets = messageIdOffsets;
  }

  /**
   * Wraps a rendered body, locating every {@link RetailEvents#MESSAGE_ID_PLACEHOLDER}.
   *
   * @param body a rendered batch whose events each hold one placeholder
   * @return the template; the array is not copied and must not change afterwards
   * @throws IllegalArgumentException if the body holds no placeholder
   */
  public static BatchTemplate of(byte[] body) {
    Objects.requireNonNull(body, "body");
    byte[] placeholder = RetailEvents.MESSAGE_ID_PLACEHOLDER.getBytes(StandardCharsets.US_ASCII);
    List<Integer> offsets = new ArrayList<>();
    int from = 0;
    while (true) {
      int at = indexOf(body, placeholder, from);
      if (at < 0) {
        break;
      }
      offsets.add(at);
      from = at + placeholder.length;
    }
    if (offsets.isEmpty()) {
      throw new IllegalArgumentException(
          "Expected message id placeholders in the body, found none");
    }
    return new BatchTemplate(body, offsets.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Number of events in the batch. */
  public int events() {
    return messageIdOffsets.length;
  }

  /** Size of the body in bytes. */
  public int size() {
    return body.length;
  }

  /**
   * Returns a copy of the body whose i-th event has message id {@code runId-hex(firstSequence+i)}.
   *
   * @param runId exactly 8 ASCII characters identifying the run
   * @param firstSequence the sequence number of the first event; callers keep ranges disjoint
   */
  public byte[] stamp(String runId, long firstSequence) {
    if (runId.length() != 8) {
      throw new IllegalArgumentException("Expected an 8-character run id, but was '" + runId + "'");
    }
    byte[] copy = Arrays.copyOf(body, body.length);
    for (int i = 0; i < messageIdOffsets.length; i++) {
      int at = messageIdOffsets[i];
      for (int c = 0; c < 8; c++) {
        copy[at + c] = (byte) runId.charAt(c);
      }
      copy[at + 8] = '-';
      long sequence = firstSequence + i;
      for (int digit = 15; digit >= 0; digit--) {
        copy[at + 9 + digit] = HEX[(int) (sequence & 0xF)];
        sequence >>>= 4;
      }
    }
    return copy;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
