package io.tributary.core.event;

import java.util.Objects;

/**
 * Why one field of a message was refused.
 *
 * @param field the JSON path of the offending field, e.g. {@code userId} or {@code
 *     context.traits.email}; for a batch item, relative to the item
 * @param rule a short stable identifier of the broken rule, e.g. {@code required}, {@code
 *     type:string}, {@code max-length:1024}, {@code format:iso-8601}
 * @param message a sentence for a person: what was expected and what was found
 */
public record FieldError(String field, String rule, String message) {
  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
  }
}
