package io.tributary.bench.load;

import java.time.Duration;
import java.util.Objects;

/** What became of one HTTP request, as a value: the generator never throws for a bad answer. */
public sealed interface SendOutcome {

  /** A 2xx: the server says the batch is durable. */
  record Accepted(int status) implements SendOutcome {}

  /**
   * A 4xx other than 429: the server refused the batch; retrying would not help.
   *
   * @param detail the start of the answer's body, for diagnosis
   */
  record Rejected(int status, String detail) implements SendOutcome {
    /** Validates the fields. */
    public Rejected {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** A 429 or 503: the server asks the client to come back after {@code retryAfter}. */
  record Throttled(int status, Duration retryAfter) implements SendOutcome {
    /** Validates the fields. */
    public Throttled {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }

  /** No answer (connection refused, timeout) or another 5xx; status is -1 without an answer. */
  record Failed(int status, String reason) implements SendOutcome {
    /** Validates the fields. */
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
