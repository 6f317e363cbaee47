package io.tributary.bench.load;

import io.tributary.bench.payload.PayloadPool;
import java.time.Duration;
import java.util.Objects;

/**
 * Delivers one batch the way a well-behaved client would: waits while the shared {@link
 * BackoffGate} is closed, retries throttled answers after their {@code Retry-After}, and records
 * the final outcome when the request belongs to the measured phase.
 */
final class BatchSender {

  /** Pause after a transport failure so a dead server does not turn the loop into a spin. */
  private static final Duration FAILURE_PAUSE = Duration.ofMillis(10);

  private final IngestClient client;
  private final BackoffGate gate;
  private final LoadStats stats;
  private final MeasurementWindow window;

  BatchSender(IngestClient client, BackoffGate gate, LoadStats stats, MeasurementWindow window) {
    this.client = Objects.requireNonNull(client, "client");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.stats = Objects.requireNonNull(stats, "stats");
    this.window = Objects.requireNonNull(window, "window");
  }

  /**
   * Sends {@code batch} until it is accepted, rejected, fails, or throttling outlasts the grace
   * period.
   *
   * @param startNanos when the request started (closed loop) or was due (open loop); latency is
   *     measured from here and decides whether the request is measured
   */
  void deliver(PayloadPool.Batch batch, long startNanos) throws InterruptedException {
    boolean measured = window.measures(startNanos);
    while (true) {
      gate.awaitOpen();
      SendOutcome outcome = client.sendBatch(batch.body());
      long now = System.nanoTime();
      switch (outcome) {
        case SendOutcome.Accepted accepted -> {
          if (measured) {
            stats.accepted(accepted.status(), batch.events(), now - startNanos, now);
          }
          return;
        }
        case SendOutcome.Rejected rejected -> {
          if (measured) {
            stats.rejected(rejected.status(), rejected.detail(), now);
          }
          return;
        }
        case SendOutcome.Failed failed -> {
          if (measured) {
            stats.failed(failed.status(), failed.reason(), now);
          }
          Thread.sleep(FAILURE_PAUSE);
          return;
        }
        case SendOutcome.Throttled throttled -> {
          if (measured) {
            stats.throttled(throttled.status());
          }
          gate.pause(throttled.retryAfter());
          if (now + throttled.retryAfter().toNanos() > window.giveUpNanos()) {
            if (measured) {
              stats.failed(-1, "gave up: still throttled after the grace period", now);
            }
            return;
          }
        }
      }
    }
  }
}
