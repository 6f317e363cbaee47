package io.tributary.core.delivery;

import java.time.Duration;

/** Told what delivery workers do, per destination; called from their threads. */
public interface DeliveryMetrics {
  /** Messages the receiver accepted, each with its time from ingest to accepted. */
  void delivered(String destination, Duration endToEnd);

  /**
   * A send failed (it may be retried).
   *
   * @param response the receiver's answer or the failure, as the dead-letter queue keeps it: never
   *     the payload
   */
  void failed(String destination, String response);

  /** A message was scheduled for another send. */
  void retried(String destination);

  /** A message went to the dead-letter queue. */
  void deadLettered(String destination);

  /** The destination's circuit breaker opened (true) or closed again (false). */
  default void breaker(String destination, boolean open) {}

  DeliveryMetrics NONE =
      new DeliveryMetrics() {
        @Override
        public void delivered(String destination, Duration endToEnd) {}

        @Override
        public void failed(String destination, String response) {}

        @Override
        public void retried(String destination) {}

        @Override
        public void deadLettered(String destination) {}
      };
}
