package io.tributary.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.tributary.core.testing.Gen;
import io.tributary.core.testing.Generated;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  /** A policy, the failed attempts so far, what the receiver asked for, and the jitter's seed. */
  private record Case(RetryPolicy policy, int attempts, Duration retryAfter, long seed) {
    /** {@code min(maxBackoff, initialBackoff * 2^(attempts-1))} in milliseconds, without overflow. */
    long bound() {
      long initial = policy.initialBackoff().toMillis();
      long max = policy.maxBackoff().toMillis();
      long b = initial;
      for (int i = 1; i < attempts && b < max; i++) {
        b *= 2;
      }
      return Math.min(b, max);
    }

    Duration backoff() {
      return policy.backoff(attempts, retryAfter, new SplittableRandom(seed));
    }
  }

  private static final long WEEK_MILLIS = Duration.ofDays(7).toMillis();

  private static final Gen<Case> CASES =
      random -> {
        // Backoffs of up to a minute mostly, but also of up to a week, which doubled 40 times
        // no longer fit in a long.
        long initial = Gen.oneOf(Gen.longs(0, 60_000), Gen.longs(0, WEEK_MILLIS)).next(random);
        long max = initial + Gen.longs(0, 4 * WEEK_MILLIS).next(random);
        var policy = new RetryPolicy(10, Duration.ofHours(24), Duration.ofMillis(initial), Duration.ofMillis(max));
        int attempts = Gen.ints(1, 200).next(random);
        Duration retryAfter = Gen.longs(0, 600_000).map(Duration::ofMillis).orNull(0.5).next(random);
        return new Case(policy, attempts, retryAfter, random.nextLong());
      };

  @Test
  void shouldWaitBetweenHalfAndAllOfTheExponentialBoundCappedAtMaxBackoff() {
    Generated.forAll(
        2_000,
        CASES.map(c -> new Case(c.policy(), c.attempts(), null, c.seed())),
        c -> {
          // when
          long wait = c.backoff().toMillis();
          // then
          assertThat(wait).isBetween(c.bound() / 2, c.bound()).isLessThanOrEqualTo(c.policy().maxBackoff().toMillis());
        });
  }

  @Test
  void shouldNeverWaitLessThanTheReceiverAskedFor() {
    Generated.forAll(
        2_000,
        CASES,
        c -> {
          // when
          long wait = c.backoff().toMillis();
          // then
          long own = new Case(c.policy(), c.attempts(), null, c.seed()).backoff().toMillis();
          long asked = c.retryAfter() == null ? 0 : c.retryAfter().toMillis();
          assertThat(wait).isEqualTo(Math.max(own, asked));
        });
  }

  @Test
  void shouldDoubleTheBoundWithEachAttemptUpToMaxBackoff() {
    // given
    var policy = new RetryPolicy(10, Duration.ofHours(1), Duration.ofMillis(100), Duration.ofMillis(1_000));
    var random = new SplittableRandom(42);
    // when, then: 100, 200, 400, 800, then capped at 1000
    long[] bounds = {100, 200, 400, 800, 1_000, 1_000, 1_000};
    for (int attempts = 1; attempts <= bounds.length; attempts++) {
      long bound = bounds[attempts - 1];
      for (int i = 0; i < 200; i++) {
        assertThat(policy.backoff(attempts, null, random).toMillis()).as("attempt %d", attempts).isBetween(bound / 2, bound);
      }
    }
  }

  @Test
  void shouldStayAtMaxBackoffForAnyNumberOfAttempts() {
    // given
    var policy = RetryPolicy.DEFAULT;
    var random = new SplittableRandom(7);
    long max = policy.maxBackoff().toMillis();
    // when, then
    for (int attempts : new int[] {10, 40, 41, 62, 63, 64, 1_000, Integer.MAX_VALUE}) {
      assertThat(policy.backoff(attempts, null, random).toMillis()).as("attempt %d", attempts).isBetween(max / 2, max);
    }
  }

  @Test
  void shouldSpreadTheWaitsOfSendersThatFailedTogether() {
    // given
    var policy = RetryPolicy.DEFAULT;
    var random = new SplittableRandom(3);
    Set<Duration> waits = new HashSet<>();
    // when
    for (int i = 0; i < 100; i++) {
      waits.add(policy.backoff(5, null, random));
    }
    // then
    assertThat(waits).hasSizeGreaterThan(50);
  }

  @Test
  void shouldHonourALongerRetryAfter() {
    // given
    var policy = new RetryPolicy(10, Duration.ofHours(1), Duration.ofMillis(100), Duration.ofSeconds(1));
    // when
    Duration wait = policy.backoff(1, Duration.ofMinutes(2), new SplittableRandom(1));
    // then: longer than max-backoff too, as the receiver asked
    assertThat(wait).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void shouldIgnoreAShorterRetryAfter() {
    // given
    var policy = new RetryPolicy(10, Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofSeconds(10));
    // when
    Duration wait = policy.backoff(1, Duration.ofSeconds(1), new SplittableRandom(1));
    // then
    assertThat(wait).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  @Test
  void shouldRetryAtOnceWithoutBackoff() {
    var policy = new RetryPolicy(3, Duration.ofHours(1), Duration.ZERO, Duration.ZERO);
    assertThat(policy.backoff(3, null, new SplittableRandom(1))).isZero();
  }

  @Test
  void shouldRefuseAPolicyThatCannotRetry() {
    assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(0, Duration.ofHours(1), Duration.ZERO, Duration.ZERO));
    assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(1, Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(1, Duration.ofHours(1), Duration.ofSeconds(-1), Duration.ofSeconds(1)));
  }
}
