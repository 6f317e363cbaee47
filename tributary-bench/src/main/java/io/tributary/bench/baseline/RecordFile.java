package io.tributary.bench.baseline;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The baseline's file format: records one after another, each a 4-byte big-endian length followed
 * by that many bytes (the raw request body). No header, no checksum.
 */
public final class RecordFile {

  /** Size of the length prefix in bytes. */
  public static final int HEADER_BYTES = Integer.BYTES;

  private RecordFile() {}

  /**
   * Reads every complete record of {@code file} in order.
   *
   * @param consumer receives each record's bytes
   * @return the number of records read
   * @throws IOException if the file cannot be read or ends inside a record (a torn write)
   */
  public static long forEach(Path file, Consumer<byte[]> consumer) throws IOException {
    Objects.requireNonNull(consumer, "consumer");
    long count = 0;
    long offset = 0;
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      while (true) {
        int length;
        try {
          length = in.readInt();
        } catch (EOFException endOfFile) {
          return count;
        }
        if (length < 0) {
          throw new IOException(
              "Expected a record length >= 0 at offset %d of %s, but was %d"
                  .formatted(offset, file, length));
        }
        byte[] record = new byte[length];
        try {
          in.readFully(record);
        } catch (EOFException torn) {
          throw new IOException(
              "Expected %d record bytes at offset %d of %s, but the file ends first"
                  .formatted(length, offset + HEADER_BYTES, file),
              torn);
        }
        consumer.accept(record);
        count++;
        offset += HEADER_BYTES + length;
      }
    }
  }
}
