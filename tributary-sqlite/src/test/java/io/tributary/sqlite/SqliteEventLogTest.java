package io.tributary.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.log.LogEntry;
import io.tributary.core.log.LogException;
import io.tributary.core.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SqliteEventLogTest {
  @TempDir Path dir;

  private static LogRecord record(String text) {
    return new LogRecord("web:u-1", text.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(LogEntry e) {
    return new String(e.payload(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldAssignDensePositionsAndReadThemBackInOrder() throws Exception {
    try (var log = SqliteEventLog.open(dir.resolve("log.db"), SqliteLogOptions.defaults())) {
      // when
      long[] first = log.append(List.of(record("a"), record("b"))).get(5, TimeUnit.SECONDS);
      long[] second = log.append(List.of(record("c"))).get(5, TimeUnit.SECONDS);
      // then
      assertThat(first).containsExactly(1, 2);
      assertThat(second).containsExactly(3);
      assertThat(log.endPosition(0)).isEqualTo(4);
      assertThat(log.read(0, 1, 10)).extracting(SqliteEventLogTest::text).containsExactly("a", "b", "c");
      assertThat(log.read(0, 2, 1)).extracting(LogEntry::position).containsExactly(2L);
      assertThat(log.read(0, 4, 10)).isEmpty();
    }
  }

  @Test
  void shouldKeepRecordsAndPositionsAcrossReopen() throws Exception {
    try (var log = SqliteEventLog.open(dir.resolve("log.db"), SqliteLogOptions.defaults())) {
      log.append(List.of(record("a"), record("b"))).get(5, TimeUnit.SECONDS);
    }
    try (var log = SqliteEventLog.open(dir.resolve("log.db"), SqliteLogOptions.defaults())) {
      assertThat(log.append(List.of(record("c"))).get(5, TimeUnit.SECONDS)).containsExactly(3);
      assertThat(log.read(0, 1, 10)).extracting(SqliteEventLogTest::text).containsExactly("a", "b", "c");
    }
  }

  @Test
  void shouldTellTheObserverHowLongEachDurableWriteTook() throws Exception {
    try (var log = SqliteEventLog.open(dir.resolve("log.db"), SqliteLogOptions.defaults())) {
      List<Long> observed = new CopyOnWriteArrayList<>();
      log.observeCommits(observed::add);
      // when: appends one after the other, so each is a write of its own
      for (int i = 0; i < 5; i++) {
        log.append(List.of(record("e" + i))).get(5, TimeUnit.SECONDS);
      }
      // then: one duration per commit, each of a write that did happen (an fsync is not free)
      assertThat(observed).hasSize((int) log.commits()).hasSizeGreaterThanOrEqualTo(5);
      assertThat(observed).allSatisfy(nanos -> assertThat(nanos).isPositive().isLessThan(TimeUnit.SECONDS.toNanos(5)));
    }
  }

  /** Waits until the log's first position reaches {@code position}. */
  private static void awaitFirst(SqliteEventLog log, long position) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (log.firstPosition(0) < position && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(log.firstPosition(0)).isEqualTo(position);
  }

  @Test
  void shouldDiscardRecordsBeforeAPositionInChunksWhileAppendsGoOn() throws Exception {
    int n = SqliteEventLog.DISCARD_IDLE_CHUNK * 2 + 500;
    try (var log = SqliteEventLog.open(dir.resolve("log.db"), SqliteLogOptions.defaults())) {
      // given: more records than two discarding transactions take
      List<LogRecord> records = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        records.add(record("r" + i));
      }
      log.append(records).get(10, TimeUnit.SECONDS);
      assertThat(log.firstPosition(0)).isEqualTo(1);
      // when
      log.discardBefore(0, n - 100);
      long[] appended = log.append(List.of(record("after"))).get(5, TimeUnit.SECONDS);
      // then
      awaitFirst(log, n - 100);
      assertThat(appended).containsExactly(n + 1);
      assertThat(log.read(0, 1, 3)).extracting(SqliteEventLogTest::text).containsExactly("r" + (n - 100), "r" + (n - 99), "r" + (n - 98));
      assertThat(log.read(0, n - 200, 1)).extracting(LogEntry::position).containsExactly((long) n - 100);
      assertThat(log.discardedEvents()).isEqualTo(n - 101);
      // and a smaller target later changes nothing
      log.discardBefore(0, 5);
      Thread.sleep(300);
      assertThat(log.firstPosition(0)).isEqualTo(n - 100);
    }
  }

  @Test
  void shouldDiscardAlongWithAppendsWhileTheWriterIsNeverIdle() throws Exception {
    try (var log = SqliteEventLog.open(dir.resolve("log.db"), SqliteLogOptions.defaults())) {
      // given: old records to discard
      List<LogRecord> old = new ArrayList<>();
      for (int i = 0; i < 5_000; i++) {
        old.add(record("old" + i));
      }
      log.append(old).get(10, TimeUnit.SECONDS);
      // when: appends of 50 every 20 ms, so the writer never waits 100 ms for work
      log.discardBefore(0, 5_001);
      for (int i = 0; i < 20; i++) {
        List<LogRecord> batch = new ArrayList<>();
        for (int j = 0; j < 50; j++) {
          batch.add(record("new"));
        }
        log.append(batch).get(5, TimeUnit.SECONDS);
        Thread.sleep(20);
      }
      // then: the records went with the appends, up to two per record appended
      assertThat(log.firstPosition(0) - 1).isGreaterThanOrEqualTo(1_000);
      assertThat(log.read(0, 1, 1).getFirst().position()).isEqualTo(log.firstPosition(0));
    }
  }

  @Test
  void shouldKeepTheLastRecordSoThatPositionsContinueAfterAReopen() throws Exception {
    try (var log = SqliteEventLog.open(dir.resolve("log.db"), SqliteLogOptions.defaults())) {
      log.append(List.of(record("a"), record("b"), record("c"))).get(5, TimeUnit.SECONDS);
      // when: asked to discard everything
      log.discardBefore(0, Long.MAX_VALUE);
      // then: all but the last go
      awaitFirst(log, 3);
      assertThat(log.read(0, 1, 10)).extracting(SqliteEventLogTest::text).containsExactly("c");
    }
    try (var log = SqliteEventLog.open(dir.resolve("log.db"), SqliteLogOptions.defaults())) {
      assertThat(log.firstPosition(0)).isEqualTo(3);
      assertThat(log.append(List.of(record("d"))).get(5, TimeUnit.SECONDS)).containsExactly(4);
      assertThat(log.read(0, 1, 10)).extracting(SqliteEventLogTest::text).containsExactly("c", "d");
    }
  }

  @Test
  void shouldShareOneCommitAmongConcurrentAppenders() throws Exception {
    try (var log = SqliteEventLog.open(dir.resolve("log.db"), SqliteLogOptions.defaults());
        var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      // when: 2,000 single-event appends from 200 concurrent threads
      List<CompletableFuture<long[]>> futures = new ArrayList<>();
      List<java.util.concurrent.Future<?>> submitted = new ArrayList<>();
      for (int t = 0; t < 200; t++) {
        int thread = t;
        submitted.add(pool.submit(() -> {
          for (int i = 0; i < 10; i++) {
            CompletableFuture<long[]> f = log.append(List.of(record(thread + "-" + i)));
            synchronized (futures) {
              futures.add(f);
            }
            f.join();
          }
        }));
      }
      for (var s : submitted) {
        s.get(30, TimeUnit.SECONDS);
      }
      // then: every append got its own position, and there were fewer commits than appends
      assertThat(futures).hasSize(2_000);
      assertThat(futures.stream().mapToLong(f -> f.join()[0]).distinct().count()).isEqualTo(2_000);
      assertThat(log.read(0, 1, 5_000)).hasSize(2_000);
      assertThat(log.commits()).isLessThan(2_000);
    }
  }

  @Test
  void shouldRefuseAppendsBeyondThePendingBoundWithoutQueueingThem() throws Exception {
    // given: at most 5 events may wait
    try (var log = SqliteEventLog.open(dir.resolve("log.db"), new SqliteLogOptions("FULL", 10, 5, 1_000))) {
      // then: a 6-event append can never be taken
      assertThatThrownBy(() -> log.append(List.of(record("1"), record("2"), record("3"), record("4"), record("5"), record("6"))))
          .isInstanceOfSatisfying(LogException.Overloaded.class, e -> assertThat(e.retryAfterMillis()).isEqualTo(1_000));
      assertThat(log.pendingEvents()).isZero();
      // and a small one still is
      assertThat(log.append(List.of(record("ok"))).get(5, TimeUnit.SECONDS)).containsExactly(1);
    }
  }

  @Test
  void shouldWakeAWaitingReaderWhenRecordsArrive() throws Exception {
    try (var log = SqliteEventLog.open(dir.resolve("log.db"), SqliteLogOptions.defaults())) {
      var waiter = CompletableFuture.runAsync(() -> {
        try {
          log.awaitAppend(0, 1, 20_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Thread.sleep(50);
      long start = System.nanoTime();
      log.append(List.of(record("a"))).get(5, TimeUnit.SECONDS);
      waiter.get(10, TimeUnit.SECONDS);
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
      assertThat(log.read(0, 1, 1)).hasSize(1);
    }
  }

  @Test
  void shouldFailToOpenAFileThatIsNoDatabaseWithoutKeepingItOpen() throws Exception {
    // given
    Path file = dir.resolve("log.db");
    java.nio.file.Files.write(file, "not a database, but long enough to have a header".repeat(20).getBytes(StandardCharsets.UTF_8));

    // when / then
    assertThatThrownBy(() -> SqliteEventLog.open(file, SqliteLogOptions.defaults()))
        .isInstanceOf(LogException.StorageFailure.class);
    assertThat(openDescriptorsOf(file)).isZero();
  }

  /** Open file descriptors of this process on {@code file} (Linux). */
  private static long openDescriptorsOf(Path file) throws java.io.IOException {
    Path real = file.toRealPath();
    try (var fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
            try {
              return java.nio.file.Files.readSymbolicLink(fd).equals(real);
            } catch (java.io.IOException | UnsupportedOperationException e) {
              return false; // closed meanwhile
            }
          })
          .count();
    }
  }

  @Test
  void shouldRefuseAppendsAfterClose() {
    var log = SqliteEventLog.open(dir.resolve("log.db"), SqliteLogOptions.defaults());
    log.close();
    assertThatThrownBy(() -> log.append(List.of(record("a")))).isInstanceOf(LogException.Closed.class);
  }

  @Test
  void shouldKeepTheWalBoundedWhileWritersAreBusy() throws Exception {
    // given: a writer appending without pause, and a reader reading all along
    Path file = dir.resolve("log.db");
    int checkpointPages = 8_192; // 32 MiB: the default's 256 MiB would make this test write a GB
    var options = SqliteLogOptions.defaults();
    options = new SqliteLogOptions(options.synchronous(), options.groupCommitMaxEvents(), options.maxPendingEvents(),
        options.retryAfterMillis(), checkpointPages);
    try (var log = SqliteEventLog.open(file, options)) {
      List<LogRecord> batch = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        batch.add(record("x".repeat(1_000) + i));
      }
      // when: 120 MB are written, more than three checkpoint intervals
      for (int i = 0; i < 120; i++) {
        log.append(batch).get(10, TimeUnit.SECONDS);
        assertThat(log.read(0, 1L + i * 1_000L, 10)).hasSize(10);
      }
      // then: the WAL stays near the checkpoint interval instead of holding everything
      long wal = java.nio.file.Files.size(dir.resolve("log.db-wal"));
      assertThat(wal).isLessThan(2L * checkpointPages * 4096 + 8 * 1024 * 1024);
      assertThat(java.nio.file.Files.size(file)).isGreaterThan(50L * 1024 * 1024);
    }
  }
}
