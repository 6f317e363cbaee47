package io.tributary.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tributary.core.identity.Identifier;
import io.tributary.core.identity.IdentityLink;
import io.tributary.core.profile.Profile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the single writer knows it committed: profiles, their links, and identifier owners.
 *
 * <p>Only valid while this store is the only writer of the state (the embedded mode). A
 * transaction reads through it and works on copies; it publishes its changes only after its
 * commit succeeded, so a rolled-back transaction leaves nothing behind. Bounded: least recently
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

  /** Publishes a committed transaction's changes. */
  void publish(
      Map<String, Optional<Profile>> txProfiles,
      Map<String, List<IdentityLink>> txLinks,
      Map<Identifier, Optional<String>> txOwners,
      Set<String> mergedAway) {
    txProfiles.forEach((id, p) -> {
      if (p.isPresent()) {
        profiles.put(id, p.get().copy());
      } else {
        profiles.invalidate(id);
      }
    });
    txLinks.forEach((id, l) -> links.put(id, List.copyOf(l)));
    txOwners.forEach((id, owner) -> owner.ifPresent(o -> owners.put(id, o)));
    for (String id : mergedAway) {
      profiles.invalidate(id);
      links.invalidate(id);
    }
  }
}
