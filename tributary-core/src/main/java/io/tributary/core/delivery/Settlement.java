package io.tributary.core.delivery;

import java.time.Instant;
import java.util.Objects;

/** What a delivery worker records about an outbox message after a send. */
public sealed interface Settlement {
  long id();

  /** Delivered: the message leaves the outbox. */
  record Delivered(long id) implements Settlement {}

  /** Failed, to be sent again at {@code message.notBefore()}; {@code message} carries the new attempt count. */
  record Retry(OutboundMessage message, String lastError) implements Settlement {
    public Retry {
      Objects.requireNonNull(message.notBefore(), "notBefore");
    }

    @Override
    public long id() {
      return message.id();
    }
  }

  /** Given up: the message moves to the dead-letter queue with the last answer. */
  record Dead(OutboundMessage message, Instant failedAt, String lastError) implements Settlement {
    @Override
    public long id() {
      return message.id();
    }
  }
}
