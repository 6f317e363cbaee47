package io.tributary.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProfileProbesTest {

  @Test
  void shouldSendEachProbeAtARandomMomentOfItsSlot() {
    // given: 1,000 slots of 20 ms, the open loop's request period at 5,000 events/s in batches of 100
    long interval = Duration.ofMillis(20).toNanos();
    long end = 1_000 * interval;
    var phase = new java.util.SplittableRandom(1);
    int inFirstTenth = 0;
    for (int k = 0; k < 1_000; k++) {
      // when
      long moment = ProfileProbes.moment(k * interval, interval, end, phase);
      // then: within its own slot, and spread over it rather than always at its start
      assertThat(moment).isBetween(k * interval, Math.min((k + 1) * interval, end) - 1);
      if (moment - k * interval < interval / 10) {
        inFirstTenth++;
      }
    }
    assertThat(inFirstTenth).isBetween(50, 150);
  }

  @Test
  void shouldPollEveryHalfMillisecondWhileAProbeIsYoung() {
    assertThat(ProfileProbes.pollInterval(0)).isEqualTo(Duration.ofNanos(500_000));
    assertThat(ProfileProbes.pollInterval(Duration.ofMillis(10).toNanos()))
        .isEqualTo(Duration.ofNanos(500_000));
  }

  @Test
  void shouldBackOffToFivePercentOfTheAgeAndAtMostHalfASecond() {
    assertThat(ProfileProbes.pollInterval(Duration.ofMillis(100).toNanos()))
        .isEqualTo(Duration.ofMillis(5));
    assertThat(ProfileProbes.pollInterval(Duration.ofSeconds(4).toNanos()))
        .isEqualTo(Duration.ofMillis(200));
    assertThat(ProfileProbes.pollInterval(Duration.ofSeconds(11).toNanos()))
        .isEqualTo(Duration.ofMillis(500));
  }
}
