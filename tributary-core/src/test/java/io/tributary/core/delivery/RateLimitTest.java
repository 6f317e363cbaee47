package io.tributary.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  /** How many tokens can be taken at {@code at} without waiting. */
  private static int takeAll(RateLimit limit, Instant at) {
    int taken = 0;
    while (limit.take(at) == null) {
      taken++;
      if (taken > 1_000_000) {
        throw new AssertionError("Expected the bucket to run dry");
      }
    }
    return taken;
  }

  @Test
  void shouldNeverWaitWithoutALimit() {
    // given
    var limit = new RateLimit(0, T0);
    // when
    for (int i = 0; i < 10_000; i++) {
      // then
      assertThat(limit.take(T0)).isNull();
    }
  }

  @Test
  void shouldAllowABurstOfOneSecondsWorthAtOnce() {
    // given
    var limit = new RateLimit(5, T0);
    // when
    int burst = takeAll(limit, T0);
    // then: the sixth waits for the next token, 1/5 s later
    assertThat(burst).isEqualTo(5);
    assertThat(limit.take(T0)).isEqualTo(T0.plusMillis(200));
  }

  @Test
  void shouldRefillAtTheRate() {
    // given
    var limit = new RateLimit(5, T0);
    takeAll(limit, T0);
    // when
    Instant next = limit.take(T0.plusMillis(100));
    // then: half a token is there, the other half comes in 100 ms
    assertThat(next).isEqualTo(T0.plusMillis(200));
    assertThat(limit.take(T0.plusMillis(200))).isNull();
    assertThat(takeAll(limit, T0.plusMillis(1_200))).isEqualTo(5);
  }

  @Test
  void shouldNotSaveMoreThanTheBurstWhileIdle() {
    // given
    var limit = new RateLimit(5, T0);
    // when: idle for an hour
    int burst = takeAll(limit, T0.plus(Duration.ofHours(1)));
    // then
    assertThat(burst).isEqualTo(5);
  }

  @Test
  void shouldKeepTheRateOverALongRun() {
    // given
    var limit = new RateLimit(50, T0);
    Instant now = T0;
    int sent = 0;
    // when: a sender that always sends as soon as it may, for ten seconds
    Instant end = T0.plusSeconds(10);
    while (now.isBefore(end)) {
      Instant wait = limit.take(now);
      if (wait == null) {
        sent++;
      } else {
        now = wait;
      }
    }
    // then: the first second's burst plus 50 per second
    assertThat(sent).isBetween(50 + 500 - 1, 50 + 500 + 1);
  }

  @Test
  void shouldSpaceSendsOfARateBelowOnePerSecond() {
    // given: one send every two seconds
    var limit = new RateLimit(0.5, T0);
    // when
    Instant first = limit.take(T0);
    Instant second = limit.take(T0);
    // then
    assertThat(first).isNull();
    assertThat(second).isEqualTo(T0.plusSeconds(2));
    assertThat(limit.take(T0.plusSeconds(2))).isNull();
  }
}
