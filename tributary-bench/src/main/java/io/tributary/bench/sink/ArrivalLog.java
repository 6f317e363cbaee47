package io.tributary.bench.sink;

import io.tributary.bench.load.LatencySummary;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Every webhook request one receiver got: when it arrived, when its event was sent to the hub and a
 * hash of its {@code Idempotency-Key}. Kept whole, because which events belong to the measured
 * phase is known only once the load generator has finished; summarised by {@link #summary}.
 * Thread-safe.
 */
final class ArrivalLog {

  private static final int CHUNK = 1 << 16;

  /** The span of send time of one entry of {@link Summary#worstPerSliceMs}: 100 ms. */
  static final long SLICE_MICROS = 100_000;

  private final Object lock = new Object();
  private long[][] sentAt = new long[16][];
  private long[][] arrival = new long[16][];
  private long[][] keys = new long[16][];
  private int size;
  private final LongAdder withoutSentAt = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder httpRequests = new LongAdder();

  /** Counts one HTTP request taken (with one event, or an array of several). */
  void httpRequest() {
    httpRequests.increment();
  }

  /**
   * Records one request that carried an event.
   *
   * @param sentAtMicros the event's send time, or {@link SentAt#NONE}
   * @param arrivalMicros when the request arrived, microseconds since the epoch
   * @param idempotencyKey the request's key, or null
   */
  void arrived(long sentAtMicros, long arrivalMicros, String idempotencyKey) {
    if (sentAtMicros == SentAt.NONE) {
      withoutSentAt.increment();
      return;
    }
    long key = idempotencyKey == null ? 0 : hash(idempotencyKey);
    synchronized (lock) {
      int chunk = size / CHUNK;
      int slot = size % CHUNK;
      if (slot == 0) {
        if (chunk == sentAt.length) {
          sentAt = Arrays.copyOf(sentAt, chunk * 2);
          arrival = Arrays.copyOf(arrival, chunk * 2);
          keys = Arrays.copyOf(keys, chunk * 2);
        }
        sentAt[chunk] = new long[CHUNK];
        arrival[chunk] = new long[CHUNK];
        keys[chunk] = new long[CHUNK];
      }
      sentAt[chunk][slot] = sentAtMicros;
      arrival[chunk][slot] = arrivalMicros;
      keys[chunk][slot] = key;
      size++;
    }
  }

  /** Records a request this receiver answered with an error on purpose (a "down" receiver). */
  void refused() {
    refused.increment();
  }

  /**
   * What arrived of the events sent in {@code [fromMicros, toMicros)}: how many distinct ones, and
   * the latency from send to first arrival of each (a resent event counts once, at its first
   * arrival). Also counts over the whole run: requests, resends, requests without a send time.
   *
   * @param expected how many events were sent in the window (0 if unknown): the percentiles over
   *     all of them count those that have not arrived by {@code nowMicros} as slower than any that
   *     did
   * @param nowMicros the time of the report, microseconds since the epoch
   */
  Summary summary(long fromMicros, long toMicros, long expected, long nowMicros) {
    long[] s;
    long[] a;
    long[] k;
    synchronized (lock) {
      s = flatten(sentAt, size);
      a = flatten(arrival, size);
      k = flatten(keys, size);
    }
    // Resends: the same key again. Sort indices by (key, arrival) and keep the first of each key.
    Integer[] order = new Integer[s.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order, (x, y) -> k[x] != k[y] ? Long.compare(k[x], k[y]) : Long.compare(a[x], a[y]));
    Histogram latency = new Histogram(3);
    long[] worst = new long[slices(fromMicros, toMicros)];
    long resends = 0;
    long inWindow = 0;
    long lastArrival = 0;
    for (int n = 0; n < order.length; n++) {
      int i = order[n];
      if (n > 0 && k[order[n - 1]] == k[i] && k[i] != 0) {
        resends++;
        continue;
      }
      if (s[i] >= fromMicros && s[i] < toMicros) {
        inWindow++;
        latency.recordValue(Math.max(0, a[i] - s[i]));
        int slice = (int) ((s[i] - fromMicros) / SLICE_MICROS);
        if (slice < worst.length) {
          worst[slice] = Math.max(worst[slice], a[i] - s[i]);
        }
        lastArrival = Math.max(lastArrival, a[i]);
      }
    }
    return new Summary(
        s.length + withoutSentAt.sum(),
        httpRequests.sum(),
        resends,
        withoutSentAt.sum(),
        refused.sum(),
        inWindow,
        expected,
        lastArrival,
        Math.max(0, nowMicros - toMicros) / 1_000,
        LatencySummary.fromMicros(latency),
        OfAll.of(latency, expected),
        Arrays.stream(worst).mapToDouble(w -> Math.round(w / 100.0) / 10.0).toArray());
  }

  /** Slices of {@link #SLICE_MICROS} in the window; none for an open-ended one, at most 100,000. */
  private static int slices(long fromMicros, long toMicros) {
    if (toMicros == Long.MAX_VALUE || toMicros <= fromMicros) {
      return 0;
    }
    return (int) Math.min(100_000, (toMicros - fromMicros + SLICE_MICROS - 1) / SLICE_MICROS);
  }

  /** Requests so far whose event was sent in {@code [fromMicros, toMicros)}, resends included. */
  long countSent(long fromMicros, long toMicros) {
    synchronized (lock) {
      long n = 0;
      for (int i = 0; i < size; i++) {
        long s = sentAt[i / CHUNK][i % CHUNK];
        if (s >= fromMicros && s < toMicros) {
          n++;
        }
      }
      return n;
    }
  }

  /**
   * @param requests requests with an event (with or without a send time), resends included; an
   *     array body counts once per event in it
   * @param httpRequests HTTP requests taken, whatever they held: {@code requests / httpRequests}
   *     is how many events a request carried on average
   * @param resends requests whose {@code Idempotency-Key} had arrived before
   * @param withoutSentAt requests whose body held no {@code sent_at_us}
   * @param refused requests answered with an error on purpose
   * @param events distinct events sent in the window that arrived
   * @param expected events sent in the window, as the caller said (0: not said)
   * @param lastArrivalEpochMicros when the last of them arrived, 0 if none did
   * @param waitedMs from the end of the window to the report: what an event that has not arrived
   *     waited at least
   * @param latencyMs send (to the hub) to first arrival (here), of the events that arrived
   * @param ofAllMs percentiles over all expected events
   * @param worstPerSliceMs the slowest arrived event of each {@link #SLICE_MICROS} of send time from
   *     the window's start (0 where none arrived): when, in the run, the slow ones were sent
   */
  record Summary(
      long requests,
      long httpRequests,
      long resends,
      long withoutSentAt,
      long refused,
      long events,
      long expected,
      long lastArrivalEpochMicros,
      long waitedMs,
      LatencySummary latencyMs,
      OfAll ofAllMs,
      double[] worstPerSliceMs) {}

  /**
   * Latency percentiles over every expected event, in milliseconds: an event that has not arrived
   * counts as slower than all that did, so a percentile that falls among them is unknown (null) and
   * only known to be more than {@link Summary#waitedMs}. Unlike percentiles of the arrived events
   * alone, these do not look better the fewer events arrive.
   */
  record OfAll(Double p50, Double p90, Double p99, Double p999) {
    static OfAll of(Histogram arrived, long expected) {
      return new OfAll(
          at(arrived, expected, 50),
          at(arrived, expected, 90),
          at(arrived, expected, 99),
          at(arrived, expected, 99.9));
    }

    private static Double at(Histogram arrived, long expected, double percentile) {
      long n = Math.max(expected, arrived.getTotalCount());
      if (n == 0) {
        return null;
      }
      long rank = (long) Math.ceil(percentile / 100 * n);
      if (rank > arrived.getTotalCount()) {
        return null;
      }
      double within = 100.0 * rank / arrived.getTotalCount();
      return Math.round(arrived.getValueAtPercentile(within)) / 1_000.0;
    }
  }

  private static long[] flatten(long[][] chunks, int size) {
    long[] out = new long[size];
    for (int c = 0, done = 0; done < size; c++) {
      int n = Math.min(CHUNK, size - done);
      System.arraycopy(chunks[c], 0, out, done, n);
      done += n;
    }
    return out;
  }

  /** 64-bit FNV-1a: distinct keys of one run collide with a chance of about 10^-9. */
  static long hash(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h == 0 ? 1 : h;
  }
}
