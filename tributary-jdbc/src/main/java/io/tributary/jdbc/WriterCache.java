package io.tributary.jdbc;

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
 * changed or read from the database. Bounded: entries not used lately are dropped and read from
 * the database again when needed.
 *
 * <p>Kept easy on the garbage collector, because its entries live long and change with every
 * event: a cached profile takes a newer version over in place ({@link Profile#takeOver}), and
 * reads write no references ({@link ClockCache}). With a Caffeine cache whose values were
 * replaced, every event left an old entry pointing at a young profile; at 5,000 events/s the young
 * collections spent most of their pause finding and copying those (docs/benchmarks.md).
 *
 * <p>Used by one thread at a time: the store's writer, which serialises its transactions.
 */
final class WriterCache {
  private final ClockCache<String, Profile> profiles;
  private final ClockCache<String, List<IdentityLink>> links;
  private final ClockCache<Identifier, String> owners;

  WriterCache(long maxProfiles) {
    int size = Math.toIntExact(maxProfiles);
    this.profiles = new ClockCache<>(size);
    this.links = new ClockCache<>(size);
    this.owners = new ClockCache<>(Math.multiplyExact(size, 4));
  }

  /** A private copy of the cached profile, if cached. */
  Optional<Profile> profile(String id) {
    Profile p = profiles.get(id);
    return p == null ? Optional.empty() : Optional.of(p.copy());
  }

  Optional<List<IdentityLink>> links(String profileId) {
    return Optional.ofNullable(links.get(profileId));
  }

  Optional<String> owner(Identifier id) {
    return Optional.ofNullable(owners.get(id));
  }

  /** Forgets everything, when whether the last commit happened is unknown. */
  void clear() {
    profiles.clear();
    links.clear();
    owners.clear();
  }

  /**
   * Publishes a profile a committed transaction wrote or read from the database; empty forgets it.
   * A cached version takes it over in place; otherwise the cache keeps {@code profile} itself, and
   * nobody may change it afterwards (readers get copies).
   */
  void putProfile(String id, Optional<Profile> profile) {
    if (profile.isEmpty()) {
      profiles.remove(id);
      return;
    }
    Profile cached = profiles.get(id);
    if (cached != null && cached.createdAt().equals(profile.get().createdAt())) {
      cached.takeOver(profile.get());
    } else {
      profiles.put(id, profile.get());
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
    profiles.remove(profileId);
    links.remove(profileId);
  }
}
