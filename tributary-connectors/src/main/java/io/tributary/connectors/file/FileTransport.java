package io.tributary.connectors.file;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import io.tributary.connectors.file.FileFormat.FileBody;
import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.SendResult;
import io.tributary.core.delivery.Transport;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes each window to one file, whole or not at all: under a hidden temporary name first, forced
 * to the disk, then renamed over its final name at once.
 */
final class FileTransport implements Transport {
  private static final DateTimeFormatter WINDOW_START = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final int BUFFER = 1 << 16;

  private final FileOptions options;
  private final DeliveryMode.Batch batch;

  FileTransport(FileOptions options, DeliveryMode.Batch batch) {
    this.options = Objects.requireNonNull(options, "options");
    this.batch = Objects.requireNonNull(batch, "batch");
  }

  @Override
  public SendResult send(List<OutboundMessage> messages) {
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("Expected at least one message in a window");
    }
    FileBody body;
    try {
      body = options.format().prepare(messages, options.columns(), options.escapeFormulas());
    } catch (UnwritablePayloadException e) {
      return SendResult.reject(e.getMessage() + ". The window goes to the dead-letter queue.");
    }
    String name = fileName(messages);
    try {
      write(name, body);
      return SendResult.DELIVERED;
    } catch (IOException e) {
      return SendResult.retry(
          "Expected to write " + name + " in directory " + options.directory() + ", but " + e.getClass().getSimpleName() + ": " + e.getMessage()
              + ". The window will be written again.");
    }
  }

  /**
   * {@code <prefix>-<window start>-<first message id>.<extension>}: the same for every send of the
   * same window, so a retry replaces the file rather than adding one.
   */
  String fileName(List<OutboundMessage> messages) {
    OutboundMessage first = messages.get(0);
    Instant start = Instant.ofEpochMilli(batch.windowStart(first.ingestedAt().toEpochMilli()));
    return options.prefix() + "-" + WINDOW_START.format(start) + "-" + first.id() + "." + options.format().extension() + (options.compress() ? ".gz" : "");
  }

  private void write(String name, FileBody body) throws IOException {
    Path directory = options.directory();
    Files.createDirectories(directory);
    // A name of its own per send: two sends of one window at once must not write into one file.
    Path temporary = directory.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try {
      try (OutputStream out = open(temporary)) {
        body.writeTo(out);
      }
      Files.move(temporary, directory.resolve(name), ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
    forceDirectory(directory);
  }

  private OutputStream open(Path temporary) throws IOException {
    FileChannel channel = FileChannel.open(temporary, CREATE_NEW, WRITE);
    OutputStream file = new ForcedOnClose(channel);
    return new BufferedOutputStream(options.compress() ? new GZIPOutputStream(file, BUFFER) : file, BUFFER);
  }

  /** Makes the rename durable where a directory can be opened (not on Windows, where it is not needed). */
  private static void forceDirectory(Path directory) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(directory, READ);
    } catch (IOException e) {
      return;
    }
    try (channel) {
      channel.force(true);
    }
  }

  /** Forces the data to the disk when closed, so that the rename never comes before it. */
  private static final class ForcedOnClose extends FilterOutputStream {
    private final FileChannel channel;

    ForcedOnClose(FileChannel channel) {
      super(Channels.newOutputStream(channel));
      this.channel = channel;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      try {
        flush();
        channel.force(true);
      } finally {
        super.close(); // closes the channel
      }
    }
  }
}
