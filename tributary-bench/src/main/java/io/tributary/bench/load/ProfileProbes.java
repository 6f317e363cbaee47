package io.tributary.bench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures how long an event takes from the start of its ingest request until the profile API shows
 * its effect. In every {@code interval} of the run, at a random moment of it, one probe sends an
 * {@code identify} for a user id never used before (unique per run) in a request of its own, then
 * polls {@code GET /v1/profiles/user_id/{id}} until it answers 200.
 *
 * <p>Probes run in the warm-up too, where they are not counted: the warm-up is there to bring the
 * server to the state it measures, and the profile API's first requests (class loading, compiling,
 * a reader's first queries) otherwise fell into the first second of the measured phase and
 * delayed everything the server did then.
 */
final class ProfileProbes {

  /** Time between two polls of a young probe. */
  static final Duration POLL_INTERVAL = Duration.ofNanos(500_000);

  /**
   * Longest time between two polls of one probe. Polls of old probes come when the server is
   * behind, so they must be few: at 10 ms, two probes a few seconds old asked 200 times a second
   * while a hub on 2 cores worked off a backlog of seconds, and slowed it.
   */
  static final Duration MAX_POLL_INTERVAL = Duration.ofMillis(500);

  /** Probes polling at the same time at most: polling costs the server CPU the processor needs. */
  static final int MAX_IN_FLIGHT = 2;

  /** A probe not visible by then counts as timed out. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Seed of the probes' moments within their slots: the same in every run. */
  private static final long PHASE_SEED = 20261203L;

  private final IngestClient client;
  private final String adminToken;
  private final String runId;
  private final Duration interval;
  private final MeasurementWindow window;
  private final ProbeStats stats = new ProbeStats();
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

  ProfileProbes(
      IngestClient client,
      String adminToken,
      String runId,
      Duration interval,
      MeasurementWindow window) {
    this.client = Objects.requireNonNull(client, "client");
    this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
    this.runId = Objects.requireNonNull(runId, "runId");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.window = Objects.requireNonNull(window, "window");
  }

  /**
   * Starts one probe per interval of the warm-up and the measured phase; returns when all have
   * finished. Only the probes of the measured phase are counted.
   */
  ProbeStats.Snapshot run() throws InterruptedException {
    AtomicReference<Throwable> crash = new AtomicReference<>();
    ProbeStats warmUp = new ProbeStats();
    try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
      SplittableRandom phase = new SplittableRandom(PHASE_SEED);
      for (long k = 0; ; k++) {
        long slot = window.startNanos() + k * interval.toNanos();
        if (slot >= window.measureEndNanos()) {
          break;
        }
        // a slot that straddles the start of the measured phase belongs to the warm-up
        ProbeStats counted = window.measures(slot) ? stats : warmUp;
        long slotEnd = counted == stats ? window.measureEndNanos() : window.measureStartNanos();
        long due = moment(slot, interval.toNanos(), slotEnd, phase);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        if (!inFlight.tryAcquire()) {
          counted.skipped();
          continue;
        }
        String userId = "probe-" + runId + "-" + k;
        probes.submit(
            () -> {
              try {
                probe(userId, counted);
              } catch (RuntimeException | Error e) {
                crash.compareAndSet(null, e);
              } finally {
                inFlight.release();
              }
              return null;
            });
      }
    }
    if (crash.get() != null) {
      throw new IllegalStateException("A visibility probe failed unexpectedly", crash.get());
    }
    return stats.snapshot();
  }

  private void probe(String userId, ProbeStats counted) throws InterruptedException {
    byte[] body = identifyBatch(userId);
    counted.started();
    long start = System.nanoTime();
    long deadline = start + TIMEOUT.toNanos();
    if (!ingest(body, deadline, counted)) {
      return;
    }
    long now;
    while ((now = System.nanoTime()) < deadline) {
      int status;
      try {
        status = client.profileStatus("user_id", userId, adminToken);
      } catch (IOException e) {
        counted.failed("profile lookup: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        return;
      }
      if (status == 200) {
        counted.visible(System.nanoTime() - start);
        return;
      }
      if (status != 404) {
        counted.failed("profile lookup answered HTTP " + status + ", expected 200 or 404");
        return;
      }
      Thread.sleep(pollInterval(now - start));
    }
    counted.timedOut();
  }

  /**
   * When the probe of the slot starting at {@code slotStart} goes: at a random moment of the slot,
   * before {@code end}. The open loop sends its requests on a fixed grid, and probes on a grid of
   * their own would always arrive together with them (or always between them), measuring one case
   * only.
   */
  static long moment(long slotStart, long intervalNanos, long end, SplittableRandom phase) {
    return Math.min(slotStart + phase.nextLong(intervalNanos), end - 1);
  }

  /** 0.5 ms for a young probe, then 5 % of its age, at most 500 ms. */
  static Duration pollInterval(long ageNanos) {
    long nanos = Math.max(POLL_INTERVAL.toNanos(), ageNanos / 20);
    return Duration.ofNanos(Math.min(nanos, MAX_POLL_INTERVAL.toNanos()));
  }

  /** Sends the probe's identify; true once accepted, false after recording why not. */
  private boolean ingest(byte[] body, long deadline, ProbeStats counted) throws InterruptedException {
    while (true) {
      SendOutcome outcome = client.sendBatch(body);
      switch (outcome) {
        case SendOutcome.Accepted accepted -> {
          return true;
        }
        case SendOutcome.Throttled throttled -> {
          if (System.nanoTime() + throttled.retryAfter().toNanos() >= deadline) {
            counted.timedOut();
            return false;
          }
          Thread.sleep(throttled.retryAfter());
        }
        case SendOutcome.Rejected rejected -> {
          counted.failed("probe identify: HTTP " + rejected.status() + ": " + rejected.detail());
          return false;
        }
        case SendOutcome.Failed failed -> {
          counted.failed("probe identify: " + failed.reason());
          return false;
        }
      }
    }
  }

  private byte[] identifyBatch(String userId) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode event = root.putArray("batch").addObject();
    event.put("type", "identify");
    event.put("messageId", userId);
    event.put("userId", userId);
    event.put("timestamp", Instant.now().toString());
    ObjectNode traits = event.putObject("traits");
    traits.put("email", userId + "@example.com");
    traits.put("name", "Probe Example");
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Could not render a probe event", e);
    }
  }
}
