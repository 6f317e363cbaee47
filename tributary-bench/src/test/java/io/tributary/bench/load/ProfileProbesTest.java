package io.tributary.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProfileProbesTest {

  @Test
  void shouldPollEveryHalfMillisecondWhileAProbeIsYoung() {
    assertThat(ProfileProbes.pollInterval(0)).isEqualTo(Duration.ofNanos(500_000));
    assertThat(ProfileProbes.pollInterval(Duration.ofMillis(10).toNanos()))
        .isEqualTo(Duration.ofNanos(500_000));
  }

  @Test
  void shouldBackOffToFivePercentOfTheAgeAndAtMostTenMilliseconds() {
    assertThat(ProfileProbes.pollInterval(Duration.ofMillis(100).toNanos()))
        .isEqualTo(Duration.ofMillis(5));
    assertThat(ProfileProbes.pollInterval(Duration.ofSeconds(9).toNanos()))
        .isEqualTo(Duration.ofMillis(10));
  }
}
