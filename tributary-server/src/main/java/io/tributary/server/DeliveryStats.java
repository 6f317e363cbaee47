package io.tributary.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.tributary.core.delivery.Backlog;
import io.tributary.core.delivery.DeliveryMetrics;
import io.tributary.core.delivery.Outbox;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-destination delivery metrics, in Prometheus and for the admin API: counters and the
 * ingest-to-delivered latency fed by the workers, and the backlog (pending messages, age of the
 * oldest, dead letters) read from the outbox at most once a second. Label values are destination
 * names only.
 */
public final class DeliveryStats implements DeliveryMetrics {
  private static final Duration BACKLOG_MAX_AGE = Duration.ofSeconds(1);

  /** What the admin API shows of one destination. */
  public record Figures(
      long delivered, long failed, long retries, long deadLettered, long filterFailures, Backlog backlog, Double lagSeconds,
      Double p50Millis, Double p99Millis, Failure lastFailure) {}

  /**
   * The latest failed send of a destination: when, and the receiver's answer or the failure.
   *
   * @param response never the payload (see {@link DeliveryMetrics#failed})
   */
  public record Failure(Instant at, String response) {}

  private record Meters(Counter delivered, Counter failed, Counter retries, Counter dead, Counter filterFailures, Timer latency) {}

  private final MeterRegistry registry;
  private final Outbox outbox;
  private final InstantSource clock;
  private final Map<String, Meters> meters = new ConcurrentHashMap<>();
  private final Map<String, Failure> lastFailures = new ConcurrentHashMap<>();
  private volatile Map<String, Backlog> backlog = Map.of();
  private volatile Instant backlogRead = Instant.EPOCH;
  private final java.util.concurrent.atomic.AtomicBoolean counting = new java.util.concurrent.atomic.AtomicBoolean();

  DeliveryStats(MeterRegistry registry, Outbox outbox, InstantSource clock) {
    this.registry = registry;
    this.outbox = outbox;
    this.clock = clock;
  }

  private Meters meters(String destination) {
    return meters.computeIfAbsent(destination, d -> {
      Gauge.builder("tributary_delivery_pending", this, s -> s.backlog(d).pending())
          .description("Messages in the destination's outbox")
          .tag("destination", d)
          .register(registry);
      Gauge.builder("tributary_delivery_dead_letters", this, s -> s.backlog(d).deadLetters())
          .description("Messages in the destination's dead-letter queue")
          .tag("destination", d)
          .register(registry);
      Gauge.builder("tributary_delivery_lag_seconds", this, s -> {
            Double lag = s.lagSeconds(d);
            return lag == null ? 0 : lag;
          })
          .description("Age of the oldest message in the destination's outbox, since ingest")
          .tag("destination", d)
          .register(registry);
      return new Meters(
          counter("tributary_delivery_delivered", "Messages the destination accepted", d),
          counter("tributary_delivery_failed", "Sends that failed", d),
          counter("tributary_delivery_retries", "Messages scheduled for another send", d),
          counter("tributary_delivery_dead_lettered", "Messages moved to the dead-letter queue", d),
          counter("tributary_delivery_filter_failures", "Events the destination's filter failed on (not delivered)", d),
          Timer.builder("tributary_delivery_latency")
              .description("From the ingest request's arrival to the destination's acceptance")
              .tag("destination", d)
              .publishPercentiles(0.5, 0.99)
              .publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofMillis(1))
              .maximumExpectedValue(Duration.ofHours(1))
              .register(registry));
    });
  }

  private Counter counter(String name, String description, String destination) {
    return Counter.builder(name).description(description).tag("destination", destination).register(registry);
  }

  /** Registers a destination's meters, so they show (at zero) before anything happened. */
  void known(String destination) {
    meters(destination);
  }

  @Override
  public void delivered(String destination, Duration endToEnd) {
    Meters m = meters(destination);
    m.delivered().increment();
    m.latency().record(endToEnd);
  }

  @Override
  public void failed(String destination, String response) {
    meters(destination).failed().increment();
    lastFailures.put(destination, new Failure(clock.instant(), response));
  }

  @Override
  public void retried(String destination) {
    meters(destination).retries().increment();
  }

  @Override
  public void deadLettered(String destination) {
    meters(destination).dead().increment();
  }

  void filterFailed(String destination) {
    meters(destination).filterFailures().increment();
  }

  private Backlog backlog(String destination) {
    refreshBacklog();
    return backlog.getOrDefault(destination, Backlog.EMPTY);
  }

  /**
   * Counts the outbox again when the last count is older than a second. One caller counts while
   * the others use the last figures, and the age runs from when the count finished: a count that
   * takes longer than a second (a large backlog) must not make every caller count again.
   */
  private void refreshBacklog() {
    if (Duration.between(backlogRead, clock.instant()).compareTo(BACKLOG_MAX_AGE) <= 0 || !counting.compareAndSet(false, true)) {
      return;
    }
    try {
      backlog = outbox.backlog();
    } catch (RuntimeException e) {
      // The state store is down: show the last figures.
    } finally {
      backlogRead = clock.instant();
      counting.set(false);
    }
  }

  private Double lagSeconds(String destination) {
    Instant oldest = backlog(destination).oldestPending();
    return oldest == null ? null : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
  }

  public Figures figures(String destination) {
    Meters m = meters(destination);
    Double p50 = null;
    Double p99 = null;
    if (m.latency().count() > 0) {
      for (ValueAtPercentile v : m.latency().takeSnapshot().percentileValues()) {
        if (v.percentile() == 0.5) {
          p50 = v.value(TimeUnit.MILLISECONDS);
        } else if (v.percentile() == 0.99) {
          p99 = v.value(TimeUnit.MILLISECONDS);
        }
      }
    }
    return new Figures(
        (long) m.delivered().count(),
        (long) m.failed().count(),
        (long) m.retries().count(),
        (long) m.dead().count(),
        (long) m.filterFailures().count(),
        backlog(destination),
        lagSeconds(destination),
        p50,
        p99,
        lastFailures.get(destination));
  }
}
