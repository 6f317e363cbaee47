package io.tributary.core.identity;

import io.tributary.core.profile.Profile;
import io.tributary.core.profile.ProfileMerger;
import io.tributary.core.state.StateTransaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides which profile an event belongs to, linking and merging in the identity graph as the
 * event's identifiers demand. Deterministic: it reads nothing but its arguments and the
 * transaction, so replaying the same log gives the same graph.
 *
 * <p>The rule (see also {@code docs/identity-resolution.md}), for identifiers in priority order as
 * {@link IdentifierExtractor} gives them:
 *
 * <ol>
 *   <li><b>Anchor.</b> The profile of the first (most trusted) identifier that already belongs to a
 *       profile. If none does, a new profile is created with id {@link #profileIdFor} of the event
 *       and {@code createdAt} the event's timestamp (even when the event carries no identifier at
 *       all).
 *   <li><b>Each identifier in turn</b>, the anchor's own included:
 *       <ul>
 *         <li>unknown: linked to the anchor if the anchor holds fewer values of its type than the
 *             type's limit, else refused;
 *         <li>already the anchor's: nothing;
 *         <li>another profile's: that profile and the anchor merge if, for every identifier type,
 *             the union of their values stays within the type's limit; otherwise nothing is merged
 *             or linked and the identifier is refused.
 *       </ul>
 *   <li><b>Merge direction.</b> The older profile survives (earlier {@code createdAt}, on a tie the
 *       lexicographically smaller id), whichever was the anchor; the survivor is the anchor from
 *       then on. Contents are combined by {@link ProfileMerger#absorb}.
 * </ol>
 *
 * <p>Every link and merge carries the {@link EventRef} of the event that made it. Limits of types
 * no longer configured are not enforced.
 *
 * <p>Thread-safe; the transaction is not.
 */
public final class IdentityResolver {

  private static final Comparator<Profile> OLDER_FIRST =
      Comparator.comparing(Profile::createdAt).thenComparing(Profile::id);

  private final IdentityRules rules;

  public IdentityResolver(IdentityRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /**
   * The id of the profile an event creates: a name-based (version 3) UUID of {@code sourceId}, a
   * NUL character and {@code messageId}, so a rebuild from the log gives the same ids.
   */
  public static String profileIdFor(String sourceId, String messageId) {
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(messageId, "messageId");
    byte[] name = (sourceId + "\u0000" + messageId).getBytes(StandardCharsets.UTF_8);
    return UUID.nameUUIDFromBytes(name).toString();
  }

  /**
   * Resolves an event's identifiers to one live profile, linking and merging in {@code tx}.
   *
   * <p>A created profile is saved before anything links to it; a survivor is saved after each
   * merge. The returned profile is the transaction's current copy; the caller applies the event to
   * it and saves it again.
   *
   * @param identifiers the event's identifiers, most trusted first, without duplicates
   * @param cause the event, recorded on every link and merge
   * @throws IllegalStateException if the graph names a profile that is not live (a corrupt store)
   */
  public Resolution resolve(StateTransaction tx, List<Identifier> identifiers, EventRef cause) {
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(identifiers, "identifiers");
    Objects.requireNonNull(cause, "cause");
    Optional<Profile> known = firstKnownProfile(tx, identifiers);
    Profile anchor = known.orElseGet(() -> create(tx, cause));
    HeldIdentifiers held = HeldIdentifiers.of(tx.links(anchor.id()));
    List<Identifier> linked = new ArrayList<>();
    List<ProfileMerge> merges = new ArrayList<>();
    List<Identifier> refused = new ArrayList<>();
    for (Identifier identifier : identifiers) {
      Optional<String> owner = tx.profileOf(identifier);
      if (owner.isEmpty()) {
        if (held.hasRoomFor(identifier.type(), rules)) {
          tx.link(new IdentityLink(identifier, anchor.id(), cause));
          held.add(identifier);
          linked.add(identifier);
        } else {
          refused.add(identifier);
        }
      } else if (!owner.get().equals(anchor.id())) {
        Profile other = load(tx, owner.get());
        HeldIdentifiers union = held.union(HeldIdentifiers.of(tx.links(other.id())));
        if (union.withinLimits(rules)) {
          anchor = merge(tx, anchor, other, cause, merges);
          held = union;
        } else {
          refused.add(identifier);
        }
      }
    }
    return new Resolution(anchor, known.isEmpty(), linked, merges, refused);
  }

  private static Optional<Profile> firstKnownProfile(
      StateTransaction tx, List<Identifier> identifiers) {
    for (Identifier identifier : identifiers) {
      Optional<String> owner = tx.profileOf(identifier);
      if (owner.isPresent()) {
        return Optional.of(load(tx, owner.get()));
      }
    }
    return Optional.empty();
  }

  private static Profile create(StateTransaction tx, EventRef cause) {
    Profile profile =
        new Profile(profileIdFor(cause.sourceId(), cause.messageId()), cause.timestamp());
    tx.saveProfile(profile);
    return profile;
  }

  private static Profile merge(
      StateTransaction tx,
      Profile anchor,
      Profile other,
      EventRef cause,
      List<ProfileMerge> merges) {
    Profile survivor = OLDER_FIRST.compare(anchor, other) <= 0 ? anchor : other;
    Profile merged = survivor == anchor ? other : anchor;
    ProfileMerger.absorb(survivor, merged);
    ProfileMerge merge = new ProfileMerge(merged.id(), survivor.id(), cause);
    tx.mergeProfile(merge);
    tx.saveProfile(survivor);
    merges.add(merge);
    return survivor;
  }

  private static Profile load(StateTransaction tx, String profileId) {
    return tx.profile(profileId)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    ("Expected profile '%s' of a linked identifier to be live, but the state store"
                            + " has no such profile; the identity graph is inconsistent")
                        .formatted(profileId)));
  }
}
