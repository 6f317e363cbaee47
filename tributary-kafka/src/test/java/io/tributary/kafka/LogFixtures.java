package io.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.log.LogEntry;
import io.tributary.core.log.LogRecord;
import io.tributary.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Records, options and read-back helpers for the tests against the shared broker. */
final class LogFixtures {
  private static final AtomicInteger TOPICS = new AtomicInteger();

  private LogFixtures() {}

  /** Options for a topic no other test uses, with short timeouts. */
  static KafkaLogOptions freshTopic(KafkaBroker broker, int partitions) {
    String topic = "log-" + ProcessHandle.current().pid() + "-" + TOPICS.incrementAndGet();
    return KafkaLogOptions.defaults(broker.bootstrapServers(), topic)
        .withPartitions(partitions, (short) 1)
        .withDeliveryTimeout(Duration.ofSeconds(20));
  }

  /** A record whose payload names its key and sequence number: {@code key|seq}. */
  static LogRecord record(String key, int seq) {
    return new LogRecord(key, (key + "|" + seq).getBytes(StandardCharsets.UTF_8));
  }

  static String text(LogEntry entry) {
    return new String(entry.payload(), StandardCharsets.UTF_8);
  }

  /** Every entry of the partition up to its end as the log sees it now. */
  static List<LogEntry> readAll(KafkaEventLog log, int partition) {
    long end = log.endPosition(partition);
    List<LogEntry> all = new ArrayList<>();
    long next = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (next < end) {
      assertThat(System.nanoTime())
          .as("reading partition %d up to %d, at %d", partition, end, next)
          .isLessThan(deadline);
      List<LogEntry> entries = log.read(partition, next, 1_000);
      all.addAll(entries);
      if (!entries.isEmpty()) {
        next = entries.getLast().position() + 1;
      }
    }
    return all;
  }

  /** Every entry of every partition. */
  static List<LogEntry> readAll(KafkaEventLog log) {
    List<LogEntry> all = new ArrayList<>();
    for (int p = 0; p < log.partitions(); p++) {
      all.addAll(readAll(log, p));
    }
    return all;
  }
}
