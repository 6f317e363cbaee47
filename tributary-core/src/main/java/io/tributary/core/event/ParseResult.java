package io.tributary.core.event;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of parsing one Segment-spec message: either the accepted {@link Event} or every
 * reason it was refused. Refusal is an expected outcome, so it is a value, not an exception.
 */
public sealed interface ParseResult {

  /**
   * The message was valid.
   *
   * @param event the normalised event, never null
   */
  record Accepted(Event event) implements ParseResult {
    public Accepted {
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * The message was refused.
   *
   * @param errors every rule the message broke, in the order the fields were checked; never empty,
   *     unmodifiable
   */
  record Rejected(List<FieldError> errors) implements ParseResult {
    public Rejected {
      errors = List.copyOf(errors);
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("Expected at least one error for a rejected message");
      }
    }
  }
}
