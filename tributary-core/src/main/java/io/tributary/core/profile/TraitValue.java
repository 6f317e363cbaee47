package io.tributary.core.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A trait's value and the timestamp of the event that set it. An event older than {@code
 * updatedAt} does not overwrite the value.
 */
public record TraitValue(JsonNode value, Instant updatedAt) {
  public TraitValue {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
