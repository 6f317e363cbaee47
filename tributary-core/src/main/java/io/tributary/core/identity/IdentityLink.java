package io.tributary.core.identity;

import java.util.Objects;

/**
 * An identifier belonging to a profile, and the event that first linked it.
 *
 * <p>When profiles merge, their links move to the surviving profile and keep the event that made
 * them; the merge itself is recorded as a {@link ProfileMerge}.
 */
public record IdentityLink(Identifier identifier, String profileId, EventRef cause) {
  public IdentityLink {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(profileId, "profileId");
    Objects.requireNonNull(cause, "cause");
  }
}
