package io.tributary.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tributary.core.identity.Identifier;
import io.tributary.core.identity.IdentityLink;
import io.tributary.core.profile.Profile;
import java.util.List;
import java.util.Optional;

/**
 * What the single writer knows it committed: profiles, their links, and identifier owners.
 *
 * <p>Only valid while this store is the only writer of the state (the embedded mode). A
 * transaction reads through it and works on copies; it publishes its changes only after its
 * commit succeeded, so a rolled-back transaction leaves nothing behind; it publishes only what it
 * changed or read from the database, and hands its profile objects over instead of copying them
 * (a copy per event showed in the processor's profile). Bounded: least recently
 * used entries are dropped and read from the database again when needed.
 */
final class WriterCache {
  private final Cache<String, Profile> profiles;
  private final Cache<String, List<IdentityLink>> links;
  private final Cache<Identifier, String> owners;

  WriterCache(long maxProfiles) {
    this.profiles = Caffeine.newBuilder().maximumSize(maxProfiles).build();
    this.links = Caffeine.newBuilder().maximumSize(maxProfiles).build();
    this.owners = Caffeine.newBuilder().maximumSize(maxProfiles * 4).build();
  }

  /** A private copy of the cached profile, if cached. */
  Optional<Profile> profile(String id) {
    Profile p = profiles.getIfPresent(id);
    return p == null ? Optional.empty() : Optional.of(p.copy());
  }

  Optional<List<IdentityLink>> links(String profileId) {
    return Optional.ofNullable(links.getIfPresent(profileId));
  }

  Optional<String> owner(Identifier id) {
    return Optional.ofNullable(owners.getIfPresent(id));
  }

  /** Forgets everything, when whether the last commit happened is unknown. */
  void clear() {
    profiles.invalidateAll();
    links.invalidateAll();
    owners.invalidateAll();
  }

  /**
   * Publishes a profile a committed transaction wrote or read from the database; empty forgets it.
   * The cache takes {@code profile} over: nobody may change it afterwards (readers get copies).
   */
  void putProfile(String id, Optional<Profile> profile) {
    if (profile.isPresent()) {
      profiles.put(id, profile.get());
    } else {
      profiles.invalidate(id);
    }
  }

  /** Publishes a profile's links as a committed transaction left them. */
  void putLinks(String profileId, List<IdentityLink> profileLinks) {
    links.put(profileId, List.copyOf(profileLinks));
  }

  /** Publishes an identifier's owner as a committed transaction left it; empty changes nothing. */
  void putOwner(Identifier id, Optional<String> owner) {
    owner.ifPresent(o -> owners.put(id, o));
  }

  /** Forgets a profile merged away by a committed transaction. */
  void mergedAway(String profileId) {
    profiles.invalidate(profileId);
    links.invalidate(profileId);
  }
}
