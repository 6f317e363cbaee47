package io.tributary.core.identity;

import java.util.Objects;

/** A profile merged into another by an event. The merged-away id stays addressable. */
public record ProfileMerge(String mergedId, String survivorId, EventRef cause) {
  public ProfileMerge {
    Objects.requireNonNull(mergedId, "mergedId");
    Objects.requireNonNull(survivorId, "survivorId");
    Objects.requireNonNull(cause, "cause");
  }
}
