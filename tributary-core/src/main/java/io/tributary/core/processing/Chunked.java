package io.tributary.core.processing;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Housekeeping deletes done a chunk per transaction, with a pause between chunks, so that the
 * processor, which writes through the same connection on SQLite, waits at most one chunk's time.
 */
public final class Chunked {
  private Chunked() {}

  /**
   * Runs {@code chunk} until it deletes fewer than {@code size} rows or the thread is interrupted,
   * pausing {@code pause} between two runs.
   *
   * @param chunk deletes at most {@code size} rows in a transaction of its own; returns how many
   * @return how many rows were deleted in all
   */
  public static long repeat(IntSupplier chunk, int size, Duration pause) {
    long total = 0;
    while (!Thread.currentThread().isInterrupted()) {
      int n = chunk.getAsInt();
      total += n;
      if (n < size) {
        break;
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return total;
  }
}
