package io.tributary.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.event.EventCodec;
import io.tributary.core.log.LogRecord;
import io.tributary.core.log.LogRetention;
import io.tributary.core.testing.Events;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Retention over the real embedded log. */
@Timeout(60)
class LogRetentionTest {
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

  @TempDir Path dir;

  /** Appends one event received at each of the given minutes after T0; positions from 1. */
  private static void appendAtMinutes(SqliteEventLog log, int... minutes) throws Exception {
    List<LogRecord> records = new ArrayList<>();
    for (int m : minutes) {
      var event = Events.track("Retained").userId("u-" + m).messageId("m-" + m).receivedAt(T0.plus(Duration.ofMinutes(m))).build();
      records.add(new LogRecord("web:u-" + m, EventCodec.encode(event)));
    }
    log.append(records).get(10, TimeUnit.SECONDS);
  }

  private static void awaitFirst(SqliteEventLog log, long position) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (log.firstPosition(0) != position && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(log.firstPosition(0)).isEqualTo(position);
  }

  @Test
  void shouldDiscardWhatWasReceivedBeforeTheRetentionAndNothingNewer() throws Exception {
    try (var log = SqliteEventLog.open(dir.resolve("log.db"), SqliteLogOptions.defaults())) {
      // given: events received minute by minute for 100 minutes, all applied
      int[] minutes = new int[100];
      for (int i = 0; i < minutes.length; i++) {
        minutes[i] = i;
      }
      appendAtMinutes(log, minutes);
      // when: it is minute 130 and records are kept 60 minutes
      var retention = new LogRetention(log, 0, Duration.ofMinutes(60), () -> T0.plus(Duration.ofMinutes(130)), () -> 101);
      long before = retention.run();
      // then: minutes 0-69 go (received before minute 70), 70 on stay
      assertThat(before).isEqualTo(71);
      awaitFirst(log, 71);
      var kept = EventCodec.decode(log.read(0, 1, 1).getFirst().payload());
      assertThat(kept.receivedAt()).isEqualTo(T0.plus(Duration.ofMinutes(70)));
      // and a run with nothing newly due discards nothing more
      assertThat(retention.run()).isZero();
    }
  }

  @Test
  void shouldNeverDiscardWhatTheProcessorHasNotApplied() throws Exception {
    try (var log = SqliteEventLog.open(dir.resolve("log.db"), SqliteLogOptions.defaults())) {
      // given: ten old events, of which the processor applied the first four
      appendAtMinutes(log, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
      AtomicLong applied = new AtomicLong(5);
      InstantSource muchLater = () -> T0.plus(Duration.ofDays(30));
      var retention = new LogRetention(log, 0, Duration.ofHours(1), muchLater, applied::get);
      // when, then: only the applied ones go
      assertThat(retention.run()).isEqualTo(5);
      awaitFirst(log, 5);
      // when the processor is further, more go; never the last record, and nothing while unknown
      applied.set(11);
      assertThat(retention.run()).isEqualTo(11);
      awaitFirst(log, 10);
      applied.set(-1);
      assertThat(retention.run()).isZero();
    }
  }

  @Test
  void shouldDiscardNothingWhenARecordDoesNotDecode() throws Exception {
    try (var log = SqliteEventLog.open(dir.resolve("log.db"), SqliteLogOptions.defaults())) {
      log.append(List.of(new LogRecord("k", "not an event".getBytes(StandardCharsets.UTF_8)))).get(5, TimeUnit.SECONDS);
      appendAtMinutes(log, 0, 1);
      var retention = new LogRetention(log, 0, Duration.ofMinutes(1), () -> T0.plus(Duration.ofDays(1)), () -> 4);
      assertThat(retention.run()).isZero();
      Thread.sleep(200);
      assertThat(log.firstPosition(0)).isEqualTo(1);
    }
  }

  @Test
  void shouldRefuseARetentionThatIsNotPositive() {
    try (var log = SqliteEventLog.open(dir.resolve("log.db"), SqliteLogOptions.defaults())) {
      assertThatThrownBy(() -> new LogRetention(log, 0, Duration.ZERO, InstantSource.system(), () -> 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("positive retention");
    }
  }
}
