package io.tributary.core.delivery;

import java.time.Duration;
import java.util.Objects;

/** What became of one send of one or more messages (all of them, or none). */
public sealed interface SendResult {

  /** The receiver accepted the messages. */
  record Delivered() implements SendResult {}

  /**
   * The receiver did not accept them.
   *
   * @param retryable whether a later send may succeed (a timeout, a 5xx, 408 or 429); false for
   *     a refusal that will not change (other 4xx), which goes to the dead-letter queue at once
   * @param response what the receiver answered, or why nothing came back; kept with a dead letter.
   *     Never the payload.
   * @param retryAfter how long the receiver asked us to wait, or null
   */
  record Failed(boolean retryable, String response, Duration retryAfter) implements SendResult {
    public Failed {
      Objects.requireNonNull(response, "response");
    }
  }

  SendResult DELIVERED = new Delivered();

  static SendResult retry(String response) {
    return new Failed(true, response, null);
  }

  static SendResult retry(String response, Duration retryAfter) {
    return new Failed(true, response, retryAfter);
  }

  static SendResult reject(String response) {
    return new Failed(false, response, null);
  }
}
