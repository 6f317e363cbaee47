package io.tributary.bench.baseline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An append-only {@link RecordFile} with group commit: callers enqueue records into a bounded
 * queue; one writer thread takes everything queued, writes it with one gathering write, forces it
 * to disk once, and only then completes the callers' futures. Under load one fsync covers many
 * requests, which is what makes durable ingest affordable.
 *
 * <p>Thread-safe. A completed future means the record survives a crash of the process or the
 * machine; a full queue is reported to the caller rather than buffered.
 */
public final class GroupCommitLog implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(GroupCommitLog.class.getName());

  private final Path file;
  private final FileChannel channel;
  private final BlockingQueue<PendingAppend> queue;
  private final int maxGroupSize;
  private final Thread writer;
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong groups = new AtomicLong();

  /** Guards admission, so no append slips into the queue after the writer stopped taking. */
  private final ReentrantLock admission = new ReentrantLock();

  private volatile boolean closing;
  private IOException failure; // guarded by admission

  private record PendingAppend(byte[] bytes, CompletableFuture<Void> done) {}

  private GroupCommitLog(Path file, FileChannel channel, int queueCapacity, int maxGroupSize) {
    this.file = file;
    this.channel = channel;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.maxGroupSize = maxGroupSize;
    this.writer =
        Thread.ofPlatform()
            .name("group-commit [" + file.getFileName() + "]")
            .unstarted(this::writeLoop);
  }

  /**
   * Opens (creating if needed) {@code file} for appending and starts the writer thread.
   *
   * @param queueCapacity appends that may wait for the writer; beyond it {@link #append} refuses
   * @param maxGroupSize appends written and forced together at most
   */
  public static GroupCommitLog open(Path file, int queueCapacity, int maxGroupSize)
      throws IOException {
    Objects.requireNonNull(file, "file");
    if (queueCapacity < 1 || maxGroupSize < 1) {
      throw new IllegalArgumentException(
          "Expected queueCapacity and maxGroupSize >= 1, but were %d and %d"
              .formatted(queueCapacity, maxGroupSize));
    }
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    forceDirectory(file.toAbsolutePath().getParent());
    GroupCommitLog log = new GroupCommitLog(file, channel, queueCapacity, maxGroupSize);
    log.writer.start();
    return log;
  }

  /**
   * Queues one record.
   *
   * @return a future completed once the record is on disk (or completed exceptionally with the
   *     {@link IOException} that stopped the log); empty when the queue is full or the log is
   *     closing, so the caller can tell its client to retry
   */
  public Optional<CompletableFuture<Void>> append(byte[] record) {
    Objects.requireNonNull(record, "record");
    PendingAppend pending = new PendingAppend(record, new CompletableFuture<>());
    admission.lock();
    try {
      if (failure != null) {
        return Optional.of(CompletableFuture.failedFuture(failure));
      }
      if (closing) {
        return Optional.empty();
      }
      return queue.offer(pending) ? Optional.of(pending.done()) : Optional.empty();
    } finally {
      admission.unlock();
    }
  }

  /** Records made durable so far. */
  public long records() {
    return records.get();
  }

  /** Forced writes so far; {@code records() / groups()} is the mean group size. */
  public long groups() {
    return groups.get();
  }

  /** Stops accepting appends, makes everything already queued durable, and closes the file. */
  @Override
  public void close() throws IOException {
    admission.lock();
    try {
      closing = true;
    } finally {
      admission.unlock();
    }
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while draining the log of " + file, e);
    } finally {
      channel.close();
    }
  }

  private void writeLoop() {
    List<PendingAppend> group = new ArrayList<>(maxGroupSize);
    while (!closing || !queue.isEmpty()) {
      try {
        PendingAppend first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        queue.drainTo(group, maxGroupSize - 1);
        writeAndForce(group);
        records.addAndGet(group.size());
        groups.incrementAndGet();
        group.forEach(p -> p.done().complete(null));
      } catch (IOException e) {
        LOG.log(
            Level.SEVERE,
            "group-commit [" + file + "] write failed; the log stops accepting appends",
            e);
        group.forEach(p -> p.done().completeExceptionally(e));
        failRemaining(e);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failRemaining(new IOException("The group-commit writer of " + file + " was interrupted"));
        return;
      } finally {
        group.clear();
      }
    }
  }

  private void writeAndForce(List<PendingAppend> group) throws IOException {
    ByteBuffer[] buffers = new ByteBuffer[group.size() * 2];
    for (int i = 0; i < group.size(); i++) {
      byte[] bytes = group.get(i).bytes();
      buffers[2 * i] = ByteBuffer.allocate(RecordFile.HEADER_BYTES).putInt(0, bytes.length);
      buffers[2 * i + 1] = ByteBuffer.wrap(bytes);
    }
    long remaining = 0;
    for (ByteBuffer buffer : buffers) {
      remaining += buffer.remaining();
    }
    while (remaining > 0) {
      remaining -= channel.write(buffers);
    }
    // force(false) is fdatasync: it flushes the data and the file size, which is what a reader
    // needs after a crash; the modification time is not worth a second journal write.
    channel.force(false);
  }

  private void failRemaining(IOException cause) {
    admission.lock();
    try {
      failure = cause;
    } finally {
      admission.unlock();
    }
    PendingAppend pending;
    while ((pending = queue.poll()) != null) {
      pending.done().completeExceptionally(cause);
    }
  }

  /** Makes a newly created file's directory entry durable too. */
  private static void forceDirectory(Path directory) throws IOException {
    if (directory == null) {
      return;
    }
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory; the file's own fsync still holds.
      LOG.log(Level.FINE, "Could not fsync directory " + directory, e);
    }
  }
}
