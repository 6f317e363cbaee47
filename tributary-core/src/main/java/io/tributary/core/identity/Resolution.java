package io.tributary.core.identity;

import io.tributary.core.profile.Profile;
import java.util.List;
import java.util.Objects;

/**
 * What {@link IdentityResolver#resolve} decided for one event.
 *
 * @param profile the live profile the event belongs to, as loaded (or created) in the transaction;
 *     the caller applies the event to it and saves it
 * @param created whether the event created the profile
 * @param linked identifiers newly linked to the profile, in the order they were linked
 * @param merges profiles merged by the event, in the order they were merged
 * @param refused identifiers the event carried that were left unlinked because a limit would have
 *     been broken
 */
public record Resolution(
    Profile profile,
    boolean created,
    List<Identifier> linked,
    List<ProfileMerge> merges,
    List<Identifier> refused) {

  public Resolution {
    Objects.requireNonNull(profile, "profile");
    linked = List.copyOf(linked);
    merges = List.copyOf(merges);
    refused = List.copyOf(refused);
  }
}
