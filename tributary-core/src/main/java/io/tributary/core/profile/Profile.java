package io.tributary.core.profile;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.SortedSet;

/**
 * A unified customer profile: traits merged per trait by event time, and computed traits.
 *
 * <p>Mutable, and owned by the processor's transaction that loaded it; readers get copies. The
 * profile's identifiers live in the identity graph, not here.
 */
public final class Profile {
  private final String id;
  private final Instant createdAt;
  private TreeMap<String, TraitValue> traits;
  private Instant firstSeen;
  private Instant lastSeen;
  private final TreeMap<String, Long> eventCounts;
  private TreeSet<String> mergedFrom;
  // After copy(), both profiles share traits and merged ids until one of them changes them (copy on
  // write): most events change no trait, and the processor copies a cached profile for every event.
  private boolean traitsShared;
  private boolean mergedFromShared;
  private boolean traitsChanged;

  /**
   * @param id the stable profile id
   * @param createdAt the timestamp of the event that created the profile; on a merge the older
   *     profile survives
   */
  public Profile(String id, Instant createdAt) {
    this(id, createdAt, Map.of(), createdAt, createdAt, Map.of(), java.util.Set.of());
  }

  public Profile(
      String id,
      Instant createdAt,
      Map<String, TraitValue> traits,
      Instant firstSeen,
      Instant lastSeen,
      Map<String, Long> eventCounts,
      java.util.Set<String> mergedFrom) {
    this.id = Objects.requireNonNull(id, "id");
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    this.traits = new TreeMap<>(traits);
    this.firstSeen = Objects.requireNonNull(firstSeen, "firstSeen");
    this.lastSeen = Objects.requireNonNull(lastSeen, "lastSeen");
    this.eventCounts = new TreeMap<>(eventCounts);
    this.mergedFrom = new TreeSet<>(mergedFrom);
  }

  private Profile(Profile other) {
    this.id = other.id;
    this.createdAt = other.createdAt;
    this.traits = other.traits;
    this.firstSeen = other.firstSeen;
    this.lastSeen = other.lastSeen;
    this.eventCounts = new TreeMap<>(other.eventCounts);
    this.mergedFrom = other.mergedFrom;
    this.traitsShared = other.traitsShared = true;
    this.mergedFromShared = other.mergedFromShared = true;
  }

  public String id() {
    return id;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** The traits, by key, in key order. Mutations go through {@link #setTrait}. */
  public Map<String, TraitValue> traits() {
    return java.util.Collections.unmodifiableMap(traits);
  }

  /**
   * Sets a trait unless the profile holds a value set by a newer event.
   *
   * @return whether the value was taken
   */
  public boolean setTrait(String key, TraitValue value) {
    TraitValue current = traits.get(key);
    if (current != null && current.updatedAt().isAfter(value.updatedAt())) {
      return false;
    }
    if (traitsShared) {
      traits = new TreeMap<>(traits);
      traitsShared = false;
    }
    traits.put(key, value);
    traitsChanged = true;
    return true;
  }

  /**
   * Whether {@link #setTrait} took a value since this profile was constructed or {@link #copy
   * copied}: a store that loaded it can then leave the stored traits as they are.
   */
  public boolean traitsChanged() {
    return traitsChanged;
  }

  public Instant firstSeen() {
    return firstSeen;
  }

  public Instant lastSeen() {
    return lastSeen;
  }

  /** Widens first and last seen to include {@code at}. */
  public void seen(Instant at) {
    if (at.isBefore(firstSeen)) {
      firstSeen = at;
    }
    if (at.isAfter(lastSeen)) {
      lastSeen = at;
    }
  }

  /** Event counts by {@link io.tributary.core.event.Event#countName()}. */
  public Map<String, Long> eventCounts() {
    return java.util.Collections.unmodifiableMap(eventCounts);
  }

  public void count(String eventName, long n) {
    eventCounts.merge(eventName, n, Long::sum);
  }

  /** Ids of all profiles merged into this one, directly or transitively. */
  public SortedSet<String> mergedFrom() {
    return java.util.Collections.unmodifiableSortedSet(mergedFrom);
  }

  public void addMergedFrom(String profileId) {
    if (mergedFromShared) {
      mergedFrom = new TreeSet<>(mergedFrom);
      mergedFromShared = false;
    }
    mergedFrom.add(profileId);
  }

  /** An independent copy: changing either one does not change the other. */
  public Profile copy() {
    return new Profile(this);
  }

  @Override
  public String toString() {
    // Traits are personal data: never print them.
    return "Profile[" + id + ", " + traits.size() + " traits, " + eventCounts.size() + " counters]";
  }
}
