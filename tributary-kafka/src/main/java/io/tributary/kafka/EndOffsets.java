package io.tributary.kafka;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The end offset of every partition as last seen, so that asking for it never waits on the
 * network: fetched in the background every refresh interval, and advanced at once by this
 * instance's own acknowledgements. Whether the brokers answered recently is the log's health.
 */
final class EndOffsets implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EndOffsets.class.getName());

  private final String context;
  private final Admin admin;
  private final List<TopicPartition> partitions;
  private final Duration interval;
  private final Duration timeout;
  private final long healthyWithinNanos;
  private final AtomicLongArray ends;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition advanced = lock.newCondition();
  private final AtomicInteger waiting = new AtomicInteger();
  private final ScheduledExecutorService refresher;
  private volatile long lastContactNanos;
  private volatile boolean refreshFailing;
  private volatile boolean closed;

  EndOffsets(String context, Admin admin, List<TopicPartition> partitions, Duration interval) {
    this.context = context;
    this.admin = admin;
    this.partitions = List.copyOf(partitions);
    this.interval = interval;
    this.timeout = Duration.ofMillis(Math.max(1_000, 4 * interval.toMillis()));
    this.healthyWithinNanos = Math.max(TimeUnit.SECONDS.toNanos(3), 10 * interval.toNanos());
    this.ends = new AtomicLongArray(partitions.size());
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("kafka-log-ends").unstarted(r));
  }

  /** Fetches the end offsets once, then keeps them fresh in the background. */
  void start() throws ExecutionException, TimeoutException, InterruptedException {
    refresh();
    refresher.scheduleWithFixedDelay(
        this::refreshQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  long end(int partition) {
    return ends.get(partition);
  }

  /** Records that the partition holds a record before {@code end}, and that a broker answered. */
  void advance(int partition, long end) {
    contact();
    long seen = ends.get(partition);
    while (end > seen) {
      if (ends.compareAndSet(partition, seen, end)) {
        signal();
        return;
      }
      seen = ends.get(partition);
    }
  }

  void contact() {
    lastContactNanos = System.nanoTime();
  }

  /** Whether a broker answered within the last few seconds. */
  boolean healthy() {
    return !closed && System.nanoTime() - lastContactNanos < healthyWithinNanos;
  }

  /** Waits until the partition's end is past {@code position}, the timeout passes or this closes. */
  void await(int partition, long position, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    waiting.incrementAndGet();
    lock.lock();
    try {
      while (ends.get(partition) <= position && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        advanced.awaitNanos(left);
      }
    } finally {
      lock.unlock();
      waiting.decrementAndGet();
    }
  }

  private void refresh() throws ExecutionException, TimeoutException, InterruptedException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResultInfo> result =
        admin
            .listOffsets(latest, new ListOffsetsOptions().timeoutMs((int) timeout.toMillis()))
            .all()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    for (int p = 0; p < partitions.size(); p++) {
      advance(p, result.get(partitions.get(p)).offset());
    }
    contact();
  }

  private void refreshQuietly() {
    try {
      refresh();
      if (refreshFailing) {
        refreshFailing = false;
        LOG.log(Level.INFO, context + " end offsets are fetched again");
      }
    } catch (ExecutionException | TimeoutException e) {
      if (!refreshFailing && !closed) {
        refreshFailing = true;
        LOG.log(
            Level.WARNING,
            context + " could not fetch the end offsets (" + e + "); the log reports unhealthy after "
                + TimeUnit.NANOSECONDS.toMillis(healthyWithinNanos) + " ms without an answer, and keeps trying");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, context + " end offset refresh failed; it keeps trying", e);
    }
  }

  private void signal() {
    // Acknowledgements advance the ends once per record, on the producer's I/O thread.
    if (waiting.get() == 0 && !closed) {
      return;
    }
    lock.lock();
    try {
      advanced.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    closed = true;
    refresher.shutdownNow();
    signal();
    try {
      refresher.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
