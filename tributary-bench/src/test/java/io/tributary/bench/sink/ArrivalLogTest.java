package io.tributary.bench.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class ArrivalLogTest {

  @Test
  void shouldSummariseOnlyTheEventsSentInTheWindow() {
    // given: one event sent before the window, two in it, one after it
    ArrivalLog log = new ArrivalLog();
    log.arrived(900, 1_000, "k0");
    log.arrived(1_000, 3_000, "k1");
    log.arrived(1_500, 11_500, "k2");
    log.arrived(2_000, 2_100, "k3");

    // when
    ArrivalLog.Summary summary = log.summary(1_000, 2_000, 0, 20_000);

    // then
    assertThat(summary.requests()).isEqualTo(4);
    assertThat(summary.events()).isEqualTo(2);
    assertThat(summary.latencyMs().count()).isEqualTo(2);
    // HdrHistogram with 3 significant digits
    assertThat(summary.latencyMs().max()).isCloseTo(10.0, withinPercentage(0.1));
    assertThat(summary.lastArrivalEpochMicros()).isEqualTo(11_500);
    assertThat(log.countSent(1_000, 2_000)).isEqualTo(2);
  }

  @Test
  void shouldTellTheSlowestEventOfEachSliceOfSendTime() {
    // given: a window of three slices; a slow event in the second, none in the third
    ArrivalLog log = new ArrivalLog();
    long slice = ArrivalLog.SLICE_MICROS;
    log.arrived(0, 1_000, "a");
    log.arrived(10, 3_010, "b");
    log.arrived(slice + 5, slice + 5 + 42_000, "c");
    log.arrived(slice + 9, slice + 9 + 2_000, "d");
    log.arrived(3 * slice, 3 * slice + 99_000, "after the window");

    // when
    ArrivalLog.Summary summary = log.summary(0, 3 * slice, 0, 10 * slice);

    // then
    assertThat(summary.worstPerSliceMs()).containsExactly(3.0, 42.0, 0.0);
  }

  @Test
  void shouldCountAResentEventOnceAtItsFirstArrival() {
    // given
    ArrivalLog log = new ArrivalLog();
    log.arrived(1_000, 9_000, "same");
    log.arrived(1_000, 2_000, "same");
    log.arrived(1_000, 1_500, "other");

    // when
    ArrivalLog.Summary summary = log.summary(0, 10_000, 0, 20_000);

    // then
    assertThat(summary.events()).isEqualTo(2);
    assertThat(summary.resends()).isEqualTo(1);
    assertThat(summary.latencyMs().max()).isCloseTo(1.0, withinPercentage(0.1));
  }

  @Test
  void shouldCountEventsThatHaveNotArrivedAsSlowerThanAllThatDid() {
    // given: 10 events sent in the window, 8 arrived (1 to 8 ms), 2 still on their way
    ArrivalLog log = new ArrivalLog();
    for (int i = 1; i <= 8; i++) {
      log.arrived(1_000, 1_000 + i * 1_000, "k" + i);
    }

    // when: 5 s after the window
    ArrivalLog.Summary summary = log.summary(0, 2_000, 10, 5_002_000);

    // then: the median of all 10 is the 5th fastest; the 90th percentile has not arrived
    assertThat(summary.events()).isEqualTo(8);
    assertThat(summary.waitedMs()).isEqualTo(5_000);
    assertThat(summary.ofAllMs().p50()).isCloseTo(5.0, withinPercentage(0.1));
    assertThat(summary.ofAllMs().p90()).isNull();
    assertThat(summary.latencyMs().p90())
        .as("of the arrived alone")
        .isCloseTo(8.0, withinPercentage(0.1));
  }

  @Test
  void shouldCountRequestsWithoutASendTimeApart() {
    ArrivalLog log = new ArrivalLog();
    log.arrived(SentAt.NONE, 1_000, "probe");
    log.arrived(500, 1_000, "k");

    ArrivalLog.Summary summary = log.summary(0, 10_000, 0, 20_000);

    assertThat(summary.requests()).isEqualTo(2);
    assertThat(summary.withoutSentAt()).isEqualTo(1);
    assertThat(summary.events()).isEqualTo(1);
  }

  @Test
  void shouldKeepMoreArrivalsThanOneChunkHolds() {
    ArrivalLog log = new ArrivalLog();
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      log.arrived(i, i + 1_000, "k" + i);
    }

    ArrivalLog.Summary summary = log.summary(0, n, n, n);

    assertThat(summary.events()).isEqualTo(n);
    assertThat(summary.resends()).isZero();
    assertThat(summary.latencyMs().p50()).isCloseTo(1.0, withinPercentage(0.1));
  }
}
