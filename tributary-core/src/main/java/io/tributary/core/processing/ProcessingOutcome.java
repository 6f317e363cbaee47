package io.tributary.core.processing;

import io.tributary.core.identity.Identifier;
import io.tributary.core.identity.ProfileMerge;
import java.util.List;
import java.util.Objects;

/**
 * What processing one event did.
 *
 * @param profileId the live profile the event was applied to; null if it was a duplicate
 * @param duplicate whether the event was a resend of an already processed message
 * @param createdProfile whether the event created a new profile
 * @param linked identifiers newly linked to the profile by this event
 * @param merges profiles merged by this event
 * @param refused identifiers the event carried but that were not linked because a limit would have
 *     been broken (blocked values are dropped silently and are not listed here)
 */
public record ProcessingOutcome(
    String profileId,
    boolean duplicate,
    boolean createdProfile,
    List<Identifier> linked,
    List<ProfileMerge> merges,
    List<Identifier> refused) {

  public ProcessingOutcome {
    linked = List.copyOf(linked);
    merges = List.copyOf(merges);
    refused = List.copyOf(refused);
    if (!duplicate) {
      Objects.requireNonNull(profileId, "profileId");
    }
  }

  public static ProcessingOutcome duplicateEvent() {
    return new ProcessingOutcome(null, true, false, List.of(), List.of(), List.of());
  }
}
