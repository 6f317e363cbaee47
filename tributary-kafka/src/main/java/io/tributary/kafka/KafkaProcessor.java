package io.tributary.kafka;

import io.tributary.core.log.LogEntry;
import io.tributary.core.processing.BatchApplier;
import io.tributary.core.processing.Pause;
import io.tributary.core.state.StateStore;
import io.tributary.core.state.StateStoreException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The processor of the {@code kafka+postgres} mode: one member of the hub instances' consumer
 * group, applying the records of the partitions assigned to it with a {@link BatchApplier}.
 *
 * <p>Consumed offsets are never committed to Kafka. They are stored by the applier in the state
 * store, in the transaction that applied the records, and read back from there when partitions are
 * assigned. The applier's fencing makes that safe across rebalances: whatever position the consumer
 * starts from, a record already applied is skipped, so each record is applied exactly once.
 *
 * <p>Failures: a lost race with another instance ({@link StateStoreException.Conflict}) retries the
 * same records at once. A database or broker failure rewinds every assigned partition to its stored
 * position and retries with backoff, for as long as it lasts.
 *
 * <p>Membership is static: the client id is also the consumer's {@code group.instance.id}. <b>Each
 * instance must have a distinct client id, and keep it across restarts.</b> An instance that
 * restarts after a crash then takes over its partitions as soon as it joins, instead of waiting
 * for the session of its dead predecessor to time out ({@code session.timeout.ms}, 45 seconds by
 * default), and without a rebalance of the other instances. An instance that stops cleanly leaves
 * the group, so its partitions move to the others at once. Instances with different client ids are
 * separate members that divide the partitions. Two running instances with the same client id keep
 * fencing each other: each rejoin takes the partitions from the other, which logs an error naming
 * the client id and rejoins in turn. Every record is still applied once, but the partitions never
 * settle.
 */
public final class KafkaProcessor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KafkaProcessor.class.getName());

  /**
   * How to join the group.
   *
   * @param bootstrapServers the Kafka cluster
   * @param topic the event log's topic
   * @param groupId the consumer group all hub instances share
   * @param clientId this instance's name in the group and its static member id; distinct per
   *     instance and stable across its restarts
   * @param maxPollRecords records per batch at most
   * @param consumerOverrides further consumer settings, e.g. {@code session.timeout.ms}
   */
  public record Options(
      String bootstrapServers,
      String topic,
      String groupId,
      String clientId,
      int maxPollRecords,
      Map<String, Object> consumerOverrides) {
    public Options {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(clientId, "clientId");
      if (maxPollRecords < 1) {
        throw new IllegalArgumentException("Expected maxPollRecords >= 1, but was " + maxPollRecords);
      }
      consumerOverrides = Map.copyOf(consumerOverrides);
    }
  }

  private final Options options;
  private final StateStore store;
  private final BatchApplier applier;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
  private final LongAdder conflicts = new LongAdder();
  private volatile boolean running = true;
  private volatile boolean failing;
  /** When this instance was last fenced by another with the same client id; 0 if never. */
  private volatile long fencedAtNanos;
  private static final long FENCED_UNHEALTHY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
  private boolean rewind;

  public KafkaProcessor(Options options, StateStore store, BatchApplier applier) {
    this.options = Objects.requireNonNull(options, "options");
    this.store = Objects.requireNonNull(store, "store");
    this.applier = Objects.requireNonNull(applier, "applier");
    this.consumer = new KafkaConsumer<>(consumerProperties(options));
    this.thread = Thread.ofPlatform().name("processor-" + options.clientId()).unstarted(this::run);
  }

  private static Properties consumerProperties(Options options) {
    var props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, options.groupId());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, options.clientId());
    props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, options.clientId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Only reached when a partition's stored position could not be read; fencing skips the rest.
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, options.maxPollRecords());
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.putAll(options.consumerOverrides());
    return props;
  }

  public KafkaProcessor start() {
    thread.start();
    return this;
  }

  /** The next position of each partition assigned to this instance, as it last stored or read it. */
  public Map<Integer, Long> positions() {
    return Map.copyOf(positions);
  }

  /** How many transactions lost a race with another instance and were retried. */
  public long conflicts() {
    return conflicts.sum();
  }

  /**
   * False while the last attempt to consume or apply failed (the broker or the database is down),
   * and for a minute after another instance with the same client id fenced this one: two instances
   * sharing an id keep taking the partitions from each other, which is a configuration error.
   */
  public boolean healthy() {
    long fenced = fencedAtNanos;
    return !failing && (fenced == 0 || System.nanoTime() - fenced > FENCED_UNHEALTHY_NANOS);
  }

  private void run() {
    String ctx = "processor [" + options.clientId() + "]";
    long backoffMillis = 10;
    try {
      consumer.subscribe(List.of(options.topic()), new Rebalance());
      while (running) {
        try {
          if (rewind) {
            seekToStored(consumer.assignment());
            rewind = false;
          }
          ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
          if (!records.isEmpty()) {
            Map<Integer, Long> next = applyRetryingConflicts(entries(records));
            positions.putAll(next);
            skipAhead(next);
          }
          failing = false;
          backoffMillis = 10;
        } catch (WakeupException e) {
          // close() asked us to stop
        } catch (StateStoreException | KafkaException e) {
          if (!running) {
            break;
          }
          failing = true;
          rewind = true;
          if (e instanceof FencedInstanceIdException) {
            fencedAtNanos = System.nanoTime();
            LOG.log(Level.ERROR, ctx + " was fenced: another instance joined group '" + options.groupId()
                + "' with the same client id; give each instance its own. Retrying in " + backoffMillis + " ms: " + e);
          } else {
            LOG.log(Level.WARNING, ctx + " failed; rewinding to the stored positions and retrying in " + backoffMillis + " ms: " + e);
          }
          Pause.quietly(backoffMillis);
          backoffMillis = Math.min(backoffMillis * 2, 5_000);
        }
      }
    } finally {
      try {
        // A static member stays in the group when it closes unless told to leave.
        consumer.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(5)));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, ctx + " did not leave the consumer group cleanly: " + e);
      }
    }
  }

  private static List<LogEntry> entries(ConsumerRecords<byte[], byte[]> records) {
    List<LogEntry> entries = new ArrayList<>(records.count());
    for (ConsumerRecord<byte[], byte[]> r : records) {
      entries.add(new LogEntry(r.partition(), r.offset(), r.value() == null ? new byte[0] : r.value()));
    }
    return entries;
  }

  private Map<Integer, Long> applyRetryingConflicts(List<LogEntry> entries) {
    for (int attempt = 1; ; attempt++) {
      try {
        return applier.apply(entries);
      } catch (StateStoreException.Conflict conflict) {
        conflicts.increment();
        if (!running) {
          throw conflict;
        }
        // Another instance won a race on the same customers; it has committed or will soon.
        Pause.quietly(ThreadLocalRandom.current().nextLong(1, 2L + Math.min(attempt, 10) * 5L));
      }
    }
  }

  /** When the stored position is ahead of the consumer (another member applied it), jump there. */
  private void skipAhead(Map<Integer, Long> next) {
    next.forEach((partition, position) -> {
      var tp = new TopicPartition(options.topic(), partition);
      if (consumer.assignment().contains(tp) && consumer.position(tp) < position) {
        consumer.seek(tp, position);
      }
    });
  }

  private void seekToStored(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    Map<Integer, Long> stored = new HashMap<>();
    var reader = store.reader();
    for (TopicPartition tp : partitions) {
      stored.put(tp.partition(), reader.nextPosition(tp.partition()));
    }
    for (TopicPartition tp : partitions) {
      long position = stored.get(tp.partition());
      consumer.seek(tp, position);
      positions.put(tp.partition(), position);
    }
    LOG.log(Level.INFO, "processor [" + options.clientId() + "] consuming partitions " + stored + " (partition=next position)");
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      try {
        seekToStored(partitions);
      } catch (StateStoreException e) {
        // Rewind before the next poll; fencing keeps anything read before that from being applied twice.
        rewind = true;
        failing = true;
        LOG.log(Level.WARNING, "processor [" + options.clientId() + "] could not read its stored positions: " + e);
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> positions.remove(tp.partition()));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }
  }

  /** Leaves the group after the batch in progress; waits for the thread to end. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
