package io.tributary.kafka;

import io.tributary.core.log.LogEntry;
import io.tributary.core.log.LogException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads one partition at a time from a position on, with a consumer outside any group ({@code
 * assign} and {@code seek}). For tools and tests; the hub's processors consume as a group.
 *
 * <p>One read at a time: the consumer is not thread-safe. It is created on the first read and
 * keeps its place, so reading on from where the last read ended needs no seek.
 */
final class TopicReader implements AutoCloseable {
  private static final Duration READ_WAIT = Duration.ofSeconds(1);
  private static final byte[] NO_PAYLOAD = new byte[0];

  private final String topic;
  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private volatile Consumer<byte[], byte[]> consumer;
  private volatile boolean closed;
  private TopicPartition assigned;
  private long next = -1;

  TopicReader(String topic, Supplier<Consumer<byte[], byte[]>> consumers) {
    this.topic = topic;
    this.consumers = consumers;
  }

  /**
   * Up to {@code max} records of the partition at or after {@code from}, waiting up to a second
   * for the first; empty if none came.
   */
  synchronized List<LogEntry> read(int partition, long from, int max) {
    if (closed) {
      throw new LogException.Closed("The event log on topic '" + topic + "' is closed");
    }
    Consumer<byte[], byte[]> c = consumer();
    TopicPartition tp = new TopicPartition(topic, partition);
    if (!tp.equals(assigned)) {
      c.assign(List.of(tp));
      assigned = tp;
      next = -1;
    }
    if (next != from) {
      c.seek(tp, from);
      next = from;
    }
    try {
      return poll(c, tp, partition, max);
    } catch (WakeupException e) {
      throw new LogException.Closed("The event log on topic '" + topic + "' was closed while reading");
    } catch (KafkaException e) {
      next = -1;
      throw new LogException.StorageFailure(
          "Reading partition " + partition + " of topic '" + topic + "' from offset " + from + " failed", e);
    }
  }

  private List<LogEntry> poll(Consumer<byte[], byte[]> c, TopicPartition tp, int partition, int max) {
    long deadline = System.nanoTime() + READ_WAIT.toNanos();
    List<LogEntry> entries = new ArrayList<>();
    while (entries.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return entries;
      }
      List<ConsumerRecord<byte[], byte[]>> records;
      try {
        records = c.poll(Duration.ofNanos(left)).records(tp);
      } catch (OffsetOutOfRangeException e) {
        long first = c.beginningOffsets(List.of(tp), READ_WAIT).get(tp);
        if (next >= first) {
          return entries; // past the end
        }
        // Deleted by retention: the entries begin later.
        c.seek(tp, first);
        next = first;
        continue;
      }
      for (ConsumerRecord<byte[], byte[]> r : records.subList(0, Math.min(max, records.size()))) {
        entries.add(new LogEntry(partition, r.offset(), r.value() == null ? NO_PAYLOAD : r.value()));
      }
      if (!entries.isEmpty()) {
        next = entries.getLast().position() + 1;
        if (records.size() > max) {
          c.seek(tp, next);
        }
      }
    }
    return entries;
  }

  private Consumer<byte[], byte[]> consumer() {
    if (consumer == null) {
      consumer = consumers.get();
    }
    return consumer;
  }

  @Override
  public void close() {
    closed = true;
    Consumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    synchronized (this) {
      if (consumer != null) {
        consumer.close(CloseOptions.timeout(READ_WAIT));
      }
    }
  }
}
