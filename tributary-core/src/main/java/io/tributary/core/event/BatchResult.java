package io.tributary.core.event;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of parsing a {@code /v1/batch} body.
 *
 * <p>When {@code batchErrors} is non-empty the body was refused as a whole and both item lists are
 * empty. Otherwise every item of the batch appears exactly once, in {@code accepted} or in {@code
 * rejected}, each list in ascending index order.
 *
 * @param accepted the valid items with their index in the batch array; unmodifiable
 * @param rejected the invalid items with their index and every rule each broke; unmodifiable
 * @param batchErrors problems with the body as a whole (not an object, {@code batch} missing, not
 *     an array or empty, batch-level {@code context}, {@code integrations} or {@code sentAt}
 *     invalid); unmodifiable
 */
public record BatchResult(
    List<AcceptedItem> accepted, List<RejectedItem> rejected, List<FieldError> batchErrors) {

  public BatchResult {
    accepted = List.copyOf(accepted);
    rejected = List.copyOf(rejected);
    batchErrors = List.copyOf(batchErrors);
    if (!batchErrors.isEmpty() && !(accepted.isEmpty() && rejected.isEmpty())) {
      throw new IllegalArgumentException(
          "Expected no items in a batch refused as a whole, but found some");
    }
  }

  /** A refused body: no items were looked at. */
  static BatchResult refused(List<FieldError> batchErrors) {
    if (batchErrors.isEmpty()) {
      throw new IllegalArgumentException("Expected at least one error for a refused batch");
    }
    return new BatchResult(List.of(), List.of(), batchErrors);
  }

  /**
   * A valid item of the batch.
   *
   * @param index the item's zero-based position in the {@code batch} array
   * @param event the normalised event, never null
   */
  public record AcceptedItem(int index, Event event) {
    public AcceptedItem {
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * An invalid item of the batch.
   *
   * @param index the item's zero-based position in the {@code batch} array
   * @param errors every rule the item broke, field paths relative to the item; never empty,
   *     unmodifiable
   */
  public record RejectedItem(int index, List<FieldError> errors) {
    public RejectedItem {
      errors = List.copyOf(errors);
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("Expected at least one error for a rejected item");
      }
    }
  }
}
