package io.tributary.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Counters and the acknowledgement-latency histogram of the measured phase. Thread-safe.
 *
 * <p>Each measured request ends in exactly one of accepted, rejected or error; throttled counts
 * answers (one request may be throttled several times before it is accepted). Only accepted
 * requests enter the histogram, so its sample count equals {@link Snapshot#acceptedRequests()}.
 */
public final class LoadStats {

  private final ConcurrentHistogram ackLatencyMicros = new ConcurrentHistogram(3);
  private final LongAdder acceptedRequests = new LongAdder();
  private final LongAdder acceptedEvents = new LongAdder();
  private final LongAdder rejectedRequests = new LongAdder();
  private final LongAdder throttledAnswers = new LongAdder();
  private final LongAdder errorRequests = new LongAdder();
  private final LongAdder skippedSends = new LongAdder();
  private final LongAdder lateSends = new LongAdder();
  private final Map<Integer, LongAdder> statusCounts = new ConcurrentHashMap<>();
  private final AtomicReference<String> firstProblem = new AtomicReference<>();
  private final LongAccumulator lastCompletionNanos =
      new LongAccumulator(Math::max, Long.MIN_VALUE);

  /** A request was acknowledged {@code latencyNanos} after it started or was due. */
  public void accepted(int status, int events, long latencyNanos, long completedAtNanos) {
    ackLatencyMicros.recordValue(Math.max(0, latencyNanos / 1_000));
    acceptedRequests.increment();
    acceptedEvents.add(events);
    countStatus(status);
    lastCompletionNanos.accumulate(completedAtNanos);
  }

  /** A request was refused with a 4xx. */
  public void rejected(int status, String detail, long completedAtNanos) {
    rejectedRequests.increment();
    countStatus(status);
    firstProblem.compareAndSet(null, "HTTP " + status + ": " + detail);
    lastCompletionNanos.accumulate(completedAtNanos);
  }

  /** An answer asked the client to back off. */
  public void throttled(int status) {
    throttledAnswers.increment();
    countStatus(status);
  }

  /** A request got no usable answer, or was given up. */
  public void failed(int status, String reason, long completedAtNanos) {
    errorRequests.increment();
    if (status > 0) {
      countStatus(status);
    }
    firstProblem.compareAndSet(null, reason);
    lastCompletionNanos.accumulate(completedAtNanos);
  }

  /** An open-loop send was due while the outstanding-request bound was reached. */
  public void skipped() {
    skippedSends.increment();
  }

  /** An open-loop send left noticeably after its due time. */
  public void late() {
    lateSends.increment();
  }

  /** A consistent-enough copy once all senders have finished. */
  public Snapshot snapshot() {
    Map<Integer, Long> statuses = new TreeMap<>();
    statusCounts.forEach((status, count) -> statuses.put(status, count.sum()));
    return new Snapshot(
        acceptedRequests.sum(),
        acceptedEvents.sum(),
        rejectedRequests.sum(),
        throttledAnswers.sum(),
        errorRequests.sum(),
        skippedSends.sum(),
        lateSends.sum(),
        statuses,
        firstProblem.get(),
        lastCompletionNanos.get(),
        ackLatencyMicros.copy());
  }

  private void countStatus(int status) {
    statusCounts.computeIfAbsent(status, s -> new LongAdder()).increment();
  }

  /**
   * The counters at one moment.
   *
   * @param lastCompletionNanos when the last measured request finished, or {@link Long#MIN_VALUE}
   * @param firstProblem the first rejection or error seen, or null
   * @param ackLatencyMicros acknowledgement latency of accepted requests, in microseconds
   */
  public record Snapshot(
      long acceptedRequests,
      long acceptedEvents,
      long rejectedRequests,
      long throttledAnswers,
      long errorRequests,
      long skippedSends,
      long lateSends,
      Map<Integer, Long> statusCounts,
      String firstProblem,
      long lastCompletionNanos,
      Histogram ackLatencyMicros) {}
}
