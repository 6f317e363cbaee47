package io.tributary.kafka;

import io.tributary.core.log.EventLog;
import io.tributary.core.log.LogEntry;
import io.tributary.core.log.LogException;
import io.tributary.core.log.LogRecord;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;

/**
 * The event log on a Kafka topic, shared by several hub instances.
 *
 * <p>Appends go through one idempotent producer with {@code acks=all}: an append completes once
 * every in-sync replica has each of its records, and a record the producer retries is written once.
 * A record's key picks its partition (murmur2 of the key), so one key's records stay in one
 * partition, in order. Positions are the Kafka offsets.
 *
 * <p><b>An append of several records is not atomic</b>, unlike the embedded log: its records may
 * go to several partitions, and when it fails some of them may be written nonetheless. The hub's
 * messageId deduplication makes a client's retry of a failed append safe.
 *
 * <p>Nothing is buffered beyond {@link KafkaLogOptions#maxPendingRecords} and {@link
 * KafkaLogOptions#maxPendingBytes} not yet acknowledged: past them {@link #append} refuses at once
 * with {@link LogException.Overloaded}, as it does when the producer has no memory left for the
 * records within 100 ms. An append not acknowledged within {@link KafkaLogOptions#deliveryTimeout},
 * or refused at once because the producer cannot reach the topic's leaders, fails with {@link
 * LogException.StorageFailure}.
 *
 * <p>Appends complete on the producer's I/O thread: what depends on them must not block there.
 *
 * <p>{@link #endPosition} never waits on the network: the end offsets are fetched in the
 * background and advanced by this instance's own acknowledgements. {@link #read} and {@link
 * #awaitAppend} serve tools and tests with a consumer outside any group; the hub's processors
 * consume the topic as a group. The partition count is the topic's at {@link #open}.
 */
public final class KafkaEventLog implements EventLog {
  private static final System.Logger LOG = System.getLogger(KafkaEventLog.class.getName());
  private static final Duration MAX_CLOSE_WAIT = Duration.ofSeconds(10);

  private final KafkaLogOptions options;
  private final String context;
  private final Admin admin;
  private final Producer<String, byte[]> producer;
  private final EndOffsets ends;
  private final TopicReader reader;
  private final int partitions;
  private final AtomicLong pendingRecords = new AtomicLong();
  private final AtomicLong pendingBytes = new AtomicLong();
  private final Set<PendingAppend> unsettled = ConcurrentHashMap.newKeySet();
  private final PendingAppend.Ledger ledger = new Ledger();
  private final AtomicBoolean closed = new AtomicBoolean();

  private KafkaEventLog(
      KafkaLogOptions options, String context, Admin admin, Producer<String, byte[]> producer, EndOffsets ends, int partitions) {
    this.options = options;
    this.context = context;
    this.admin = admin;
    this.producer = producer;
    this.ends = ends;
    this.partitions = partitions;
    this.reader = new TopicReader(options.topic(), () -> KafkaClients.reader(options));
  }

  /**
   * Connects to the brokers, creates the topic if it is missing, and waits until the producer
   * knows the topic's partitions.
   *
   * @throws LogException.StorageFailure if the brokers did not answer within the delivery timeout
   */
  public static KafkaEventLog open(KafkaLogOptions options) {
    Objects.requireNonNull(options, "options");
    String context = "kafka-log [" + options.topic() + "]";
    Admin admin = KafkaClients.admin(options, options.deliveryTimeout());
    KafkaProducer<String, byte[]> producer = null;
    EndOffsets ends = null;
    try {
      int partitions = KafkaClients.ensureTopic(admin, options, options.deliveryTimeout());
      producer = KafkaClients.producer(options, partitions);
      KafkaClients.awaitMetadata(producer, options.topic(), options.deliveryTimeout());
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        tps.add(new TopicPartition(options.topic(), p));
      }
      ends = new EndOffsets(context, admin, tps, options.refreshInterval());
      ends.start();
      LOG.log(Level.INFO, () -> context + " open on " + options.bootstrapServers() + " with " + tps.size() + " partitions");
      return new KafkaEventLog(options, context, admin, producer, ends, partitions);
    } catch (ExecutionException | TimeoutException | KafkaException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (ends != null) {
        ends.close();
      }
      if (producer != null) {
        producer.close(Duration.ZERO);
      }
      admin.close(Duration.ZERO);
      throw new LogException.StorageFailure(
          "Could not open the event log on topic '" + options.topic() + "' at " + options.bootstrapServers(),
          e instanceof ExecutionException ? e.getCause() : e);
    }
  }

  @Override
  public CompletableFuture<long[]> append(List<LogRecord> records) {
    Objects.requireNonNull(records, "records");
    if (closed.get()) {
      throw new LogException.Closed("The event log on topic '" + options.topic() + "' is closed");
    }
    if (records.isEmpty()) {
      return CompletableFuture.completedFuture(new long[0]);
    }
    List<LogRecord> batch = List.copyOf(records);
    reserve(batch);
    PendingAppend pending = new PendingAppend(batch, ledger);
    unsettled.add(pending);
    pending.result().whenComplete((offsets, failure) -> unsettled.remove(pending));
    int handed = 0;
    RuntimeException thrown = null;
    try {
      for (LogRecord r : batch) {
        producer.send(new ProducerRecord<>(options.topic(), r.key(), r.payload()), pending.callback(handed));
        handed++;
        if (pending.refusal() != null) {
          break;
        }
      }
    } catch (KafkaException | IllegalStateException e) {
      thrown = e;
    } finally {
      pending.sent();
    }
    if (thrown == null && pending.refusal() == null) {
      return pending.result();
    }
    // The records from `handed` on never reached the producer; the refused one settled itself.
    batch.subList(handed, batch.size()).forEach(ledger::settled);
    Exception why = thrown != null ? thrown : pending.refusal();
    int taken = thrown != null ? handed : handed - 1;
    if (taken > 0) {
      pending.result().completeExceptionally(
          new LogException.StorageFailure(
              "The producer took " + taken + " of " + batch.size() + " records and refused the rest;"
                  + " the ones it took may be written",
              why));
      return pending.result();
    }
    unsettled.remove(pending);
    return refused(why);
  }

  /** Nothing was taken: says so the way the interface does. */
  private CompletableFuture<long[]> refused(Exception why) {
    if (why instanceof IllegalStateException) {
      throw new LogException.Closed("The event log on topic '" + options.topic() + "' is closed");
    }
    if (why instanceof BufferExhaustedException) {
      throw new LogException.Overloaded(
          "The Kafka producer has no memory left for more records now (" + why.getMessage() + ")",
          options.retryAfterMillis());
    }
    if (why instanceof org.apache.kafka.common.errors.TimeoutException) {
      // The producer lost the topic's metadata, as when the brokers are unreachable.
      return CompletableFuture.failedFuture(
          new LogException.StorageFailure(
              "The Kafka producer cannot reach the leaders of topic '" + options.topic() + "' now; nothing was written",
              why));
    }
    if (why instanceof InterruptException) {
      Thread.currentThread().interrupt();
    }
    return CompletableFuture.failedFuture(
        new LogException.StorageFailure("The Kafka producer refused the records: " + why.getMessage(), why));
  }

  private void reserve(List<LogRecord> batch) {
    long bytes = batch.stream().mapToLong(PendingAppend::bytes).sum();
    long records = pendingRecords.addAndGet(batch.size());
    long total = pendingBytes.addAndGet(bytes);
    if (records > options.maxPendingRecords() || total > options.maxPendingBytes()) {
      pendingRecords.addAndGet(-batch.size());
      pendingBytes.addAndGet(-bytes);
      throw new LogException.Overloaded(
          "The event log on topic '" + options.topic() + "' has " + (records - batch.size()) + " records ("
              + (total - bytes) + " bytes) waiting for the brokers' acknowledgement; with these "
              + batch.size() + " it would be over the bound of " + options.maxPendingRecords()
              + " records or " + options.maxPendingBytes() + " bytes",
          options.retryAfterMillis());
    }
  }

  @Override
  public int partitions() {
    return partitions;
  }

  /** The partition's end offset as last seen, at most a refresh interval old; no network call. */
  @Override
  public long endPosition(int partition) {
    checkPartition(partition);
    return ends.end(partition);
  }

  @Override
  public List<LogEntry> read(int partition, long fromPosition, int max) {
    checkPartition(partition);
    if (max < 1) {
      throw new IllegalArgumentException("Expected max to be at least 1, but was " + max);
    }
    if (fromPosition >= ends.end(partition)) {
      return List.of();
    }
    return reader.read(partition, fromPosition, max);
  }

  @Override
  public void awaitAppend(int partition, long position, long timeoutMillis) throws InterruptedException {
    checkPartition(partition);
    ends.await(partition, position, timeoutMillis);
  }

  /**
   * Whether a broker answered this instance within the last few seconds (an acknowledgement or an
   * end-offset fetch). False once closed.
   */
  public boolean healthy() {
    return ends.healthy();
  }

  /** Records handed to {@link #append} and not yet acknowledged or failed. */
  public long pendingRecords() {
    return pendingRecords.get();
  }

  private void checkPartition(int partition) {
    if (partition < 0 || partition >= partitions) {
      throw new IllegalArgumentException(
          "Expected a partition of topic '" + options.topic() + "' in [0, " + partitions + "), but was " + partition);
    }
  }

  /**
   * Stops taking appends, waits up to the delivery timeout (at most 10 seconds) for the pending
   * ones to be acknowledged, and fails those still pending with {@link LogException.Closed}: their
   * records may or may not have been written.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Duration wait = options.deliveryTimeout().compareTo(MAX_CLOSE_WAIT) < 0 ? options.deliveryTimeout() : MAX_CLOSE_WAIT;
    try {
      producer.close(wait);
    } catch (KafkaException e) {
      LOG.log(Level.WARNING, context + " closing the producer failed", e);
    }
    for (PendingAppend p : unsettled) {
      p.result().completeExceptionally(closedBeforeAcknowledged(null));
    }
    reader.close();
    ends.close();
    admin.close(Duration.ZERO);
    LOG.log(Level.INFO, () -> context + " closed");
  }

  private LogException.Closed closedBeforeAcknowledged(Exception cause) {
    LogException.Closed closedException =
        new LogException.Closed(
            "The event log on topic '" + options.topic() + "' was closed before the append was"
                + " acknowledged; its records may or may not have been written");
    if (cause != null) {
      closedException.addSuppressed(cause);
    }
    return closedException;
  }

  private final class Ledger implements PendingAppend.Ledger {
    @Override
    public void settled(LogRecord record) {
      pendingRecords.decrementAndGet();
      pendingBytes.addAndGet(-PendingAppend.bytes(record));
    }

    @Override
    public void acknowledged(int partition, long offset) {
      ends.advance(partition, offset + 1);
    }

    @Override
    public LogException failed(int index, int count, Exception cause) {
      if (closed.get()) {
        return closedBeforeAcknowledged(cause);
      }
      return new LogException.StorageFailure(
          "Expected the brokers to acknowledge record " + (index + 1) + " of " + count + " on topic '"
              + options.topic() + "', but it failed; records of the same append on other partitions"
              + " may have been written",
          cause);
    }
  }
}
