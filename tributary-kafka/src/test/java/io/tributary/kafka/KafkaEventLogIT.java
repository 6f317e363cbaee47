package io.tributary.kafka;

import static io.tributary.kafka.LogFixtures.freshTopic;
import static io.tributary.kafka.LogFixtures.readAll;
import static io.tributary.kafka.LogFixtures.record;
import static io.tributary.kafka.LogFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.log.LogEntry;
import io.tributary.core.log.LogException;
import io.tributary.core.log.LogRecord;
import io.tributary.testkit.KafkaBroker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class KafkaEventLogIT {
  private final KafkaBroker broker = KafkaBroker.shared();

  @Test
  void shouldCompleteAnAppendWithTheOffsetsOfItsRecords() throws Exception {
    try (var log = KafkaEventLog.open(freshTopic(broker, 3))) {
      // when: one key, so one partition
      long[] first = log.append(List.of(record("web:u-1", 0), record("web:u-1", 1))).get(10, TimeUnit.SECONDS);
      long[] second = log.append(List.of(record("web:u-1", 2))).get(10, TimeUnit.SECONDS);
      // then
      assertThat(first).containsExactly(0, 1);
      assertThat(second).containsExactly(2);
      int partition = partitionHolding(log, "web:u-1");
      assertThat(log.endPosition(partition)).isEqualTo(3);
      assertThat(log.read(partition, 0, 10)).extracting(LogFixtures::text)
          .containsExactly("web:u-1|0", "web:u-1|1", "web:u-1|2");
      assertThat(log.read(partition, 1, 1)).extracting(LogEntry::position).containsExactly(1L);
      assertThat(log.read(partition, 3, 10)).isEmpty();
      assertThat(log.pendingRecords()).isZero();
      assertThat(log.healthy()).isTrue();
    }
  }

  @Test
  void shouldCreateTheTopicKeepingEveryRecord() throws Exception {
    // given: a topic the log creates itself (the brokers' default retention is 7 days)
    KafkaLogOptions options = freshTopic(broker, 2);
    try (var log = KafkaEventLog.open(options);
        var admin = Admin.create(
            Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
      // when
      var resource = new ConfigResource(ConfigResource.Type.TOPIC, options.topic());
      var config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
      // then: the log is replayable from its start, for ever
      assertThat(config.get("retention.ms").value()).isEqualTo("-1");
      assertThat(log.partitions()).isEqualTo(2);
    }
  }

  @Test
  void shouldKeepEachKeysRecordsInOnePartitionInOrder() throws Exception {
    // given: 40 keys, each appending 50 records without waiting for the acknowledgements
    try (var log = KafkaEventLog.open(freshTopic(broker, 4));
        var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<List<CompletableFuture<long[]>>>> keys = new ArrayList<>();
      for (int k = 0; k < 40; k++) {
        String key = "app:user-" + k;
        keys.add(pool.submit(() -> {
          List<CompletableFuture<long[]>> appends = new ArrayList<>();
          for (int seq = 0; seq < 50; seq++) {
            appends.add(log.append(List.of(record(key, seq))));
          }
          return appends;
        }));
      }
      for (var key : keys) {
        for (var append : key.get(30, TimeUnit.SECONDS)) {
          append.get(30, TimeUnit.SECONDS);
        }
      }
      // then: every key is in one partition, its records in the order they were appended
      Map<String, Integer> partitionOfKey = new HashMap<>();
      Map<String, List<Integer>> seqsOfKey = new HashMap<>();
      for (int p = 0; p < log.partitions(); p++) {
        for (LogEntry e : readAll(log, p)) {
          String[] keyAndSeq = text(e).split("\\|");
          Integer before = partitionOfKey.putIfAbsent(keyAndSeq[0], p);
          assertThat(before).as("partition of %s", keyAndSeq[0]).isIn(null, p);
          seqsOfKey.computeIfAbsent(keyAndSeq[0], x -> new ArrayList<>()).add(Integer.parseInt(keyAndSeq[1]));
        }
      }
      assertThat(seqsOfKey).hasSize(40);
      seqsOfKey.forEach((key, seqs) -> assertThat(seqs).as(key).isSorted().hasSize(50).doesNotHaveDuplicates());
      assertThat(partitionOfKey.values().stream().distinct().count()).as("partitions used").isGreaterThan(1);
    }
  }

  @Test
  void shouldUseTheCountOfAnExistingTopic() {
    // given
    KafkaLogOptions options = freshTopic(broker, 6);
    broker.createTopic(options.topic(), 2);
    // when
    try (var log = KafkaEventLog.open(options)) {
      // then
      assertThat(log.partitions()).isEqualTo(2);
      assertThatThrownBy(() -> log.endPosition(2)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void shouldRefuseAppendsBeyondThePendingBoundWithoutSendingThem() throws Exception {
    // given: at most 5 records or 1,000 bytes may wait
    try (var log = KafkaEventLog.open(freshTopic(broker, 1).withPendingLimits(5, 1_000))) {
      List<LogRecord> six = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        six.add(record("k", i));
      }
      // then: six records, or 1,001 bytes, can never be taken
      assertThatThrownBy(() -> log.append(six))
          .isInstanceOfSatisfying(LogException.Overloaded.class, e -> assertThat(e.retryAfterMillis()).isEqualTo(1_000));
      assertThatThrownBy(() -> log.append(List.of(new LogRecord("k", new byte[1_000]))))
          .isInstanceOf(LogException.Overloaded.class);
      assertThat(log.pendingRecords()).isZero();
      // and a small append still is, and nothing of the refused ones was written
      assertThat(log.append(List.of(record("k", 99))).get(10, TimeUnit.SECONDS)).containsExactly(0);
      assertThat(readAll(log, 0)).extracting(LogFixtures::text).containsExactly("k|99");
    }
  }

  @Test
  void shouldFailAnAppendPartOfWhichTheProducerRefuses() throws Exception {
    try (var log = KafkaEventLog.open(freshTopic(broker, 1))) {
      // given: a record over the producer's 1 MB request limit
      var tooLarge = new LogRecord("k", new byte[1_100_000]);
      // when: alone, and after a record the producer takes
      CompletableFuture<long[]> alone = log.append(List.of(tooLarge));
      CompletableFuture<long[]> second = log.append(List.of(record("k", 0), tooLarge));
      // then: both fail, and the record taken is written all the same: appends are not atomic
      assertThat(alone).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
          .havingCause().isInstanceOf(LogException.StorageFailure.class);
      assertThat(second).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
          .havingCause().isInstanceOf(LogException.StorageFailure.class)
          .withMessageContaining("took 1 of 2 records");
      log.awaitAppend(0, 0, 10_000);
      assertThat(readAll(log, 0)).extracting(LogFixtures::text).containsExactly("k|0");
      assertThat(log.pendingRecords()).isZero();
    }
  }

  @Test
  void shouldWakeAWaitingReaderWhenRecordsArrive() throws Exception {
    try (var log = KafkaEventLog.open(freshTopic(broker, 1))) {
      // given
      var waiter = CompletableFuture.runAsync(() -> {
        try {
          log.awaitAppend(0, 0, 20_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      long start = System.nanoTime();
      // when
      log.append(List.of(record("k", 0))).get(10, TimeUnit.SECONDS);
      // then
      waiter.get(10, TimeUnit.SECONDS);
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
      assertThat(log.read(0, 0, 1)).hasSize(1);
    }
  }

  @Test
  void shouldSeeAnotherInstancesAppendsWithinARefreshInterval() throws Exception {
    KafkaLogOptions options = freshTopic(broker, 1);
    try (var writer = KafkaEventLog.open(options);
        var reader = KafkaEventLog.open(options)) {
      // when
      writer.append(List.of(record("k", 0), record("k", 1))).get(10, TimeUnit.SECONDS);
      // then
      reader.awaitAppend(0, 1, 10_000);
      assertThat(reader.endPosition(0)).isEqualTo(2);
      assertThat(reader.read(0, 0, 10)).extracting(LogFixtures::text).containsExactly("k|0", "k|1");
    }
  }

  @Test
  void shouldRefuseAppendsAfterClose() {
    var log = KafkaEventLog.open(freshTopic(broker, 1));
    log.close();
    assertThatThrownBy(() -> log.append(List.of(record("k", 0)))).isInstanceOf(LogException.Closed.class);
    assertThat(log.healthy()).isFalse();
  }

  private static int partitionHolding(KafkaEventLog log, String key) {
    for (int p = 0; p < log.partitions(); p++) {
      if (log.endPosition(p) > 0 && text(log.read(p, 0, 1).getFirst()).startsWith(key + "|")) {
        return p;
      }
    }
    throw new AssertionError("Expected a partition holding key " + key + ", but found none");
  }
}
