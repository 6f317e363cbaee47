package io.tributary.kafka;

import static io.tributary.kafka.LogFixtures.freshTopic;
import static io.tributary.kafka.LogFixtures.readAll;
import static io.tributary.kafka.LogFixtures.record;
import static io.tributary.kafka.LogFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.log.LogEntry;
import io.tributary.core.log.LogException;
import io.tributary.testkit.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Outages of the real broker: it is stopped and started again; the shared broker is left running. */
@Timeout(180)
class KafkaEventLogOutageIT {
  private final KafkaBroker broker = KafkaBroker.shared();

  @AfterEach
  void leaveTheBrokerRunning() {
    broker.start();
  }

  @Test
  void shouldFailAppendsAndReportUnhealthyWhileTheBrokerIsDown() throws Exception {
    try (var log = KafkaEventLog.open(freshTopic(broker, 2).withDeliveryTimeout(Duration.ofSeconds(2)))) {
      log.append(List.of(record("k", 0))).get(10, TimeUnit.SECONDS);
      // when
      broker.stop();
      CompletableFuture<long[]> append = log.append(List.of(record("k", 1)));
      // then: the append fails (at once if the producer has lost the topic's metadata, else once
      // its delivery timeout has passed), and the log says it is unhealthy
      ExecutionException failure = catchFailure(append);
      assertThat(failure.getCause()).isInstanceOf(LogException.StorageFailure.class);
      awaitCondition(() -> !log.healthy(), "the log to report unhealthy with the broker down");
      assertThat(log.pendingRecords()).isZero();

      // and when the broker is back, so is the log (once the producer has reconnected)
      broker.start();
      awaitCondition(log::healthy, "the log to report healthy with the broker back");
      awaitCondition(() -> acknowledges(log), "an append to be acknowledged with the broker back");
    }
  }

  @Test
  void shouldLoseNoAcknowledgedRecordAcrossABrokerRestart() throws Exception {
    // given: 8 appenders, each with up to 20 appends in flight, on a log that waits 30 s for acks
    var options = freshTopic(broker, 4).withDeliveryTimeout(Duration.ofSeconds(30));
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Set<String> failed = ConcurrentHashMap.newKeySet();
    AtomicInteger refused = new AtomicInteger();
    AtomicBoolean appending = new AtomicBoolean(true);
    try (var log = KafkaEventLog.open(options);
        var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> appenders = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String key = "app:appender-" + t;
        appenders.add(pool.submit(() -> {
          Semaphore inFlight = new Semaphore(20);
          for (int seq = 0; appending.get(); seq++) {
            inFlight.acquireUninterruptibly();
            String id = key + "|" + seq;
            try {
              log.append(List.of(record(key, seq))).whenComplete((offsets, e) -> {
                (e == null ? acknowledged : failed).add(id);
                inFlight.release();
              });
            } catch (LogException.Overloaded e) {
              refused.incrementAndGet();
              inFlight.release();
              Thread.sleep(10);
            }
          }
          inFlight.acquireUninterruptibly(20);
          return null;
        }));
      }
      awaitCondition(() -> acknowledged.size() >= 2_000, "2,000 acknowledged records before the restart");

      // when
      long restarting = System.nanoTime();
      broker.restart();
      long restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarting);
      int beforeRestart = acknowledged.size();
      awaitCondition(() -> acknowledged.size() >= beforeRestart + 2_000, "2,000 acknowledged records after the restart");
      appending.set(false);
      for (var appender : appenders) {
        appender.get(60, TimeUnit.SECONDS);
      }

      // then: every acknowledged record is in the log exactly once
      Map<String, Integer> copies = new HashMap<>();
      for (LogEntry e : readAll(log)) {
        copies.merge(text(e), 1, Integer::sum);
      }
      long lost = acknowledged.stream().filter(id -> !copies.containsKey(id)).count();
      long duplicated = copies.values().stream().filter(n -> n > 1).count();
      long failedButWritten = failed.stream().filter(copies::containsKey).count();
      System.out.printf(
          "broker restart took %d ms; %d records acknowledged, %d failed (%d of them written), %d refused;"
              + " %d acknowledged records lost, %d records written more than once%n",
          restartMillis, acknowledged.size(), failed.size(), failedButWritten, refused.get(), lost, duplicated);
      assertThat(lost).as("acknowledged records lost").isZero();
      assertThat(duplicated).as("records written more than once").isZero();
    }
  }

  private static boolean acknowledges(KafkaEventLog log) {
    try {
      return log.append(List.of(record("k", 2))).get(20, TimeUnit.SECONDS).length == 1;
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(LogException.StorageFailure.class);
      return false;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ExecutionException catchFailure(CompletableFuture<?> future) throws Exception {
    try {
      future.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e;
    }
    throw new AssertionError("Expected the append to fail, but it was acknowledged");
  }

  private static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
