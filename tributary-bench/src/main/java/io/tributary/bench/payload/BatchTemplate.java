package io.tributary.bench.payload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A pre-rendered {@code {"batch":[...]}} request body whose message ids, and optionally send times,
 * are placeholders.
 *
 * <p>Re-sending identical bodies would let a deduplicating server skip the work, so each send
 * {@linkplain #stamp stamps} fresh ids into a copy: a byte copy and a few fixed-width writes, cheap
 * next to the request itself. The send time, where the events carry one, is stamped the same way.
 */
public final class BatchTemplate {

  /** Length of a stamped message id: 8 hex digits of run id, a dash, 16 hex digits. */
  public static final int MESSAGE_ID_LENGTH = 25;

  /**
   * Bytes a stamped send time takes: its quoted placeholder's width, so up to 18 digits of
   * microseconds (16 until the year 2286), padded with spaces after the number.
   */
  public static final int SENT_AT_WIDTH = 18;

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final byte[] body;
  private final int[] messageIdOffsets;
  private final int[] sentAtOffsets;

  private BatchTemplate(byte[] body, int[] messageIdOffsets, int[] sentAtOffsets) {
    this.body = body;
    this.messageIdOffsets = messageIdOffsets;
    this.sentAtOffsets = sentAtOffsets;
  }

  /**
   * Wraps a rendered body, locating every {@link RetailEvents#MESSAGE_ID_PLACEHOLDER} and every
   * quoted {@link RetailEvents#SENT_AT_PLACEHOLDER}.
   *
   * @param body a rendered batch whose events each hold one message id placeholder
   * @return the template; the array is not copied and must not change afterwards
   * @throws IllegalArgumentException if the body holds no message id placeholder
   */
  public static BatchTemplate of(byte[] body) {
    Objects.requireNonNull(body, "body");
    int[] messageIds = offsets(body, RetailEvents.MESSAGE_ID_PLACEHOLDER);
    if (messageIds.length == 0) {
      throw new IllegalArgumentException(
          "Expected message id placeholders in the body, found none");
    }
    return new BatchTemplate(
        body, messageIds, offsets(body, '"' + RetailEvents.SENT_AT_PLACEHOLDER + '"'));
  }

  private static int[] offsets(byte[] body, String placeholder) {
    byte[] needle = placeholder.getBytes(StandardCharsets.US_ASCII);
    List<Integer> offsets = new ArrayList<>();
    int from = 0;
    while (true) {
      int at = ByteSearch.indexOf(body, needle, from);
      if (at < 0) {
        break;
      }
      offsets.add(at);
      from = at + needle.length;
    }
    return offsets.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Number of events in the batch. */
  public int events() {
    return messageIdOffsets.length;
  }

  /** Size of the body in bytes. */
  public int size() {
    return body.length;
  }

  /** Whether the events carry a send time to stamp. */
  public boolean hasSentAt() {
    return sentAtOffsets.length > 0;
  }

  /**
   * Returns a copy of the body whose i-th event has message id {@code runId-hex(firstSequence+i)}
   * and, where the events carry one, the send time {@code sentAtMicros} as a JSON number.
   *
   * @param runId exactly 8 ASCII characters identifying the run
   * @param firstSequence the sequence number of the first event; callers keep ranges disjoint
   * @param sentAtMicros the send time in microseconds since the epoch: 0 to 18 digits
   */
  public byte[] stamp(String runId, long firstSequence, long sentAtMicros) {
    if (runId.length() != 8) {
      throw new IllegalArgumentException("Expected an 8-character run id, but was '" + runId + "'");
    }
    if (sentAtMicros < 0 || sentAtMicros >= 1_000_000_000_000_000_000L) {
      throw new IllegalArgumentException(
          "Expected sentAtMicros of 0 to 18 digits, but was " + sentAtMicros);
    }
    byte[] copy = Arrays.copyOf(body, body.length);
    if (sentAtOffsets.length > 0) {
      byte[] digits = Long.toString(sentAtMicros).getBytes(StandardCharsets.US_ASCII);
      for (int at : sentAtOffsets) {
        System.arraycopy(digits, 0, copy, at, digits.length);
        Arrays.fill(copy, at + digits.length, at + SENT_AT_WIDTH, (byte) ' ');
      }
    }
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
}
