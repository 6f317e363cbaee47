package io.tributary.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration COOL_DOWN = Duration.ofSeconds(10);

  private final CircuitBreaker breaker = new CircuitBreaker(3, COOL_DOWN, Duration.ofSeconds(60));

  private void failTimes(int n, Instant at) {
    for (int i = 0; i < n; i++) {
      breaker.failed(at);
    }
  }

  /** The probe of a half-open breaker is sent at {@code at} and fails there. */
  private Instant probeFails(Instant at) {
    assertThat(breaker.blockedUntil(at, 0)).as("half open at %s", at).isNull();
    breaker.sending();
    breaker.failed(at);
    return breaker.blockedUntil(at, 0);
  }

  @Test
  void shouldStayClosedBelowTheThreshold() {
    // when
    boolean opened = breaker.failed(T0) || breaker.failed(T0);
    // then
    assertThat(opened).isFalse();
    assertThat(breaker.isOpen()).isFalse();
    assertThat(breaker.blockedUntil(T0, 5)).isNull();
  }

  @Test
  void shouldOpenForTheCoolDownAtTheThreshold() {
    // given
    failTimes(2, T0);
    // when
    boolean opened = breaker.failed(T0);
    // then
    assertThat(opened).isTrue();
    assertThat(breaker.isOpen()).isTrue();
    assertThat(breaker.blockedUntil(T0, 0)).isEqualTo(T0.plus(COOL_DOWN));
    assertThat(breaker.blockedUntil(T0.plus(COOL_DOWN).minusMillis(1), 0)).isEqualTo(T0.plus(COOL_DOWN));
  }

  @Test
  void shouldCountOnlyFailuresInARow() {
    // given
    failTimes(2, T0);
    breaker.succeeded();
    // when
    failTimes(2, T0);
    // then
    assertThat(breaker.isOpen()).isFalse();
  }

  @Test
  void shouldLetOneProbeThroughOnceTheCoolDownHasPassed() {
    // given
    failTimes(3, T0);
    Instant after = T0.plus(COOL_DOWN);
    // when: half open
    Instant beforeProbe = breaker.blockedUntil(after, 0);
    breaker.sending();
    // then: one probe, no second send while it is under way
    assertThat(beforeProbe).isNull();
    assertThat(breaker.blockedUntil(after, 1)).isNotNull().isAfter(after);
    assertThat(breaker.blockedUntil(after.plusSeconds(1), 0)).isNotNull();
  }

  @Test
  void shouldNotProbeWhileSendsStartedBeforeItOpenedAreUnderWay() {
    // given
    failTimes(3, T0);
    // then
    assertThat(breaker.blockedUntil(T0.plus(COOL_DOWN), 2)).isNotNull();
    assertThat(breaker.blockedUntil(T0.plus(COOL_DOWN), 0)).isNull();
  }

  @Test
  void shouldDoubleTheCoolDownAfterEachFailedProbeUpToTheMaximum() {
    // given
    failTimes(3, T0);
    Instant at = T0.plus(COOL_DOWN);
    // when, then: 20 s, 40 s, then 60 s for ever
    for (int seconds : new int[] {20, 40, 60, 60}) {
      Instant until = probeFails(at);
      assertThat(until).isEqualTo(at.plusSeconds(seconds));
      assertThat(breaker.isOpen()).isTrue();
      at = until;
    }
  }

  @Test
  void shouldNotExtendTheCoolDownForFailuresOfSendsThatWereNoProbe() {
    // given
    failTimes(3, T0);
    // when: sends started before it opened fail later
    boolean opened = breaker.failed(T0.plusSeconds(5));
    // then
    assertThat(opened).isFalse();
    assertThat(breaker.blockedUntil(T0.plusSeconds(5), 0)).isEqualTo(T0.plus(COOL_DOWN));
  }

  @Test
  void shouldCloseWhenTheProbeSucceeds() {
    // given
    failTimes(3, T0);
    Instant at = probeFails(T0.plus(COOL_DOWN));
    breaker.blockedUntil(at, 0);
    breaker.sending();
    // when
    boolean closed = breaker.succeeded();
    // then
    assertThat(closed).isTrue();
    assertThat(breaker.isOpen()).isFalse();
    assertThat(breaker.blockedUntil(at, 10)).isNull();
  }

  @Test
  void shouldStartAgainFromTheFirstCoolDownAfterClosing() {
    // given: opened, a probe failed (20 s), then one succeeded
    failTimes(3, T0);
    Instant at = probeFails(T0.plus(COOL_DOWN));
    breaker.sending();
    breaker.succeeded();
    // when: it takes the threshold again to open it
    boolean openedEarly = breaker.failed(at) || breaker.failed(at);
    boolean opened = breaker.failed(at);
    // then
    assertThat(openedEarly).isFalse();
    assertThat(opened).isTrue();
    assertThat(breaker.blockedUntil(at, 0)).isEqualTo(at.plus(COOL_DOWN));
  }

  @Test
  void shouldTellWhetherASuccessClosedIt() {
    assertThat(breaker.succeeded()).isFalse();
  }
}
