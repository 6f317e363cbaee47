package io.tributary.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The hub's Prometheus metrics. Label values are source ids, endpoint names and fixed reasons:
 * never personal data.
 */
public final class HubMetrics {
  /** Bucket range of the histograms of single steps (a log write, a processor transaction). */
  private static final Duration STEP_MIN = Duration.ofNanos(100_000);

  private static final Duration STEP_MAX = Duration.ofSeconds(10);

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> requestTimers = new ConcurrentHashMap<>();
  private final Counter processed;
  private final Counter duplicates;
  private final Counter merges;
  private final Counter refusedIdentifiers;
  private final Counter skipped;
  private final Timer visible;
  private final Timer transactions;
  /** Registered at the first write measured: a storage mode whose log is remote never has one. */
  private volatile Timer logWrites;
  /** Held here: Micrometer keeps only a weak reference to a function counter's source. */
  private final LongSupplier conflicts;
  private final LongSupplier discarded;
  private final LongSupplier forgottenIds;
  private final LongSupplier timelineRowsDeleted;

  HubMetrics(
      LongSupplier logEnd,
      LongSupplier processedPosition,
      LongSupplier conflicts,
      LongSupplier discarded,
      LongSupplier forgottenIds,
      LongSupplier timelineRowsDeleted) {
    this.conflicts = conflicts;
    this.discarded = discarded;
    this.forgottenIds = forgottenIds;
    this.timelineRowsDeleted = timelineRowsDeleted;
    FunctionCounter.builder("tributary_timeline_rows_deleted", timelineRowsDeleted, LongSupplier::getAsLong)
        .description("Profile timeline rows deleted with the events the log's retention discarded (log.retention-drops-timeline)")
        .register(registry);
    FunctionCounter.builder("tributary_dedup_forgotten_ids", forgottenIds, LongSupplier::getAsLong)
        .description("Message ids the deduplication window forgot (processor.dedup-window-hours)")
        .register(registry);
    FunctionCounter.builder("tributary_log_discarded_events", discarded, LongSupplier::getAsLong)
        .description("Events the embedded log's retention discarded (log.retention-hours)")
        .register(registry);
    Gauge.builder("tributary_log_end_position", logEnd::getAsLong)
        .description("Position the next event appended to the log will take")
        .register(registry);
    Gauge.builder("tributary_processor_position", processedPosition::getAsLong)
        .description("Next log position the processor will consume")
        .register(registry);
    Gauge.builder("tributary_processor_lag_events", () -> Math.max(0, logEnd.getAsLong() - processedPosition.getAsLong()))
        .description("Events in the log not yet applied to profiles")
        .register(registry);
    FunctionCounter.builder("tributary_processor_conflicts", conflicts, LongSupplier::getAsLong)
        .description("State transactions that lost a race with another hub instance and were retried")
        .register(registry);
    processed = Counter.builder("tributary_events_processed").description("Events applied to profiles").register(registry);
    duplicates = Counter.builder("tributary_events_duplicate").description("Resent events ignored by messageId").register(registry);
    merges = Counter.builder("tributary_profile_merges").description("Profiles merged into another").register(registry);
    refusedIdentifiers =
        Counter.builder("tributary_identifiers_refused")
            .description("Identifiers not linked because a per-profile limit would have been broken")
            .register(registry);
    skipped =
        Counter.builder("tributary_processor_skipped")
            .description("Poison events the processor skipped (they stay in the log)")
            .register(registry);
    visible =
        histogram(
            "tributary_ingest_to_visible",
            "From the ingest request's arrival to the event's effect being visible in profiles",
            Duration.ofMillis(1),
            Duration.ofSeconds(60));
    // Where the time between ingest and visibility goes: the durable write of the request's
    // events (logWrite), then the processor's transaction that applies them.
    transactions =
        histogram(
            "tributary_processor_transaction",
            "Processor transactions, each applying a batch of events to profiles and outboxes, from start to commit",
            STEP_MIN,
            STEP_MAX);
  }

  /** A timer published as a Prometheus histogram, with buckets from {@code min} to {@code max}. */
  private Timer histogram(String name, String description, Duration min, Duration max) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(min)
        .maximumExpectedValue(max)
        .register(registry);
  }

  public void accepted(String sourceId, int n) {
    counter("tributary_events_accepted", "source", sourceId).increment(n);
  }

  /** @param reason one of invalid, too_large, throttled, unavailable */
  public void rejected(String sourceId, String reason, int n) {
    counter("tributary_events_rejected", "source", sourceId.isEmpty() ? "unknown" : sourceId, "reason", reason)
        .increment(n);
  }

  public void unauthorized() {
    counter("tributary_requests_unauthorized").increment();
  }

  public Timer requestTimer(String endpoint) {
    return requestTimers.computeIfAbsent(
        endpoint,
        e ->
            Timer.builder("tributary_ingest_request")
                .description("Ingest request latency, from arrival to answer")
                .tag("endpoint", e)
                .publishPercentileHistogram()
                .register(registry));
  }

  void processed(int n, int duplicateCount, int mergeCount, int refused) {
    processed.increment(n);
    duplicates.increment(duplicateCount);
    merges.increment(mergeCount);
    refusedIdentifiers.increment(refused);
  }

  void visible(Duration sinceArrival) {
    visible.record(sinceArrival);
  }

  void transaction(Duration took) {
    transactions.record(took);
  }

  void logWrite(long nanos) {
    Timer timer = logWrites;
    if (timer == null) {
      // registering again returns the same timer, so a race here is harmless
      timer =
          histogram(
              "tributary_log_write",
              "Durable writes of appended events to the embedded log (one group commit: inserts and fsync)",
              STEP_MIN,
              STEP_MAX);
      logWrites = timer;
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  void skipped() {
    skipped.increment();
  }

  /** The registry, for the delivery metrics ({@link DeliveryStats}). */
  io.micrometer.core.instrument.MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  /** A counter; each name is always used with the same tag keys, as Prometheus requires. */
  private Counter counter(String name, String... tags) {
    return counters.computeIfAbsent(
        name + '|' + String.join("|", tags), key -> Counter.builder(name).tags(tags).register(registry));
  }
}
