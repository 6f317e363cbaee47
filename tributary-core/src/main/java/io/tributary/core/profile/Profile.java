package io.tributary.core.profile;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.SortedSet;

/**
 * A unified customer profile: traits merged per trait by event time, and computed traits.
 *
 * <p>Mutable, and owned by the processor's transaction that loaded it; readers get copies. The
 * profile's identifiers live in the identity graph, not here.
 *
 * <p>What changes with every event (first and last seen, the event counts) is held in primitives,
 * so that a long-lived copy (the embedded store's writer cache) can take a newer version over in
 * place ({@link #takeOver}) without pointing at anything new: an old object pointing at young ones
 * is what the garbage collector has to find and copy at every young collection, and at 5,000
 * events/s that was most of each pause.
 */
public final class Profile {
  private static final String[] NO_NAMES = new String[0];

  private final String id;
  private final Instant createdAt;
  private TreeMap<String, TraitValue> traits;
  private long firstSeenSecond;
  private int firstSeenNano;
  private long lastSeenSecond;
  private int lastSeenNano;
  // Event counts: names in ascending order, with the count of each at the same index.
  private String[] countNames;
  private long[] counts;
  private TreeSet<String> mergedFrom;
  // After copy(), both profiles share traits and merged ids until one of them changes them (copy on
  // write): most events change no trait, and the processor copies a cached profile for every event.
  // Count names are never changed in place (a new name makes new arrays), so they are always shared.
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
    setFirstSeen(Objects.requireNonNull(firstSeen, "firstSeen"));
    setLastSeen(Objects.requireNonNull(lastSeen, "lastSeen"));
    TreeMap<String, Long> sorted = new TreeMap<>(eventCounts);
    this.countNames = sorted.isEmpty() ? NO_NAMES : sorted.keySet().toArray(String[]::new);
    this.counts = new long[countNames.length];
    int i = 0;
    for (Long n : sorted.values()) {
      counts[i++] = Objects.requireNonNull(n, "event count");
    }
    this.mergedFrom = new TreeSet<>(mergedFrom);
  }

  private Profile(Profile other) {
    this.id = other.id;
    this.createdAt = other.createdAt;
    this.traits = other.traits;
    this.firstSeenSecond = other.firstSeenSecond;
    this.firstSeenNano = other.firstSeenNano;
    this.lastSeenSecond = other.lastSeenSecond;
    this.lastSeenNano = other.lastSeenNano;
    this.countNames = other.countNames;
    this.counts = other.counts.clone();
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
    return Instant.ofEpochSecond(firstSeenSecond, firstSeenNano);
  }

  public Instant lastSeen() {
    return Instant.ofEpochSecond(lastSeenSecond, lastSeenNano);
  }

  /** Widens first and last seen to include {@code at}. */
  public void seen(Instant at) {
    long second = at.getEpochSecond();
    int nano = at.getNano();
    if (second < firstSeenSecond || (second == firstSeenSecond && nano < firstSeenNano)) {
      setFirstSeen(at);
    }
    if (second > lastSeenSecond || (second == lastSeenSecond && nano > lastSeenNano)) {
      setLastSeen(at);
    }
  }

  private void setFirstSeen(Instant at) {
    firstSeenSecond = at.getEpochSecond();
    firstSeenNano = at.getNano();
  }

  private void setLastSeen(Instant at) {
    lastSeenSecond = at.getEpochSecond();
    lastSeenNano = at.getNano();
  }

  /** Event counts by {@link io.tributary.core.event.Event#countName()}, in name order. */
  public Map<String, Long> eventCounts() {
    return new CountsView(countNames, counts);
  }

  public void count(String eventName, long n) {
    int at = Arrays.binarySearch(countNames, eventName);
    if (at >= 0) {
      counts[at] += n;
      return;
    }
    int insert = -at - 1;
    String[] names = new String[countNames.length + 1];
    long[] values = new long[counts.length + 1];
    System.arraycopy(countNames, 0, names, 0, insert);
    System.arraycopy(counts, 0, values, 0, insert);
    names[insert] = Objects.requireNonNull(eventName, "eventName");
    values[insert] = n;
    System.arraycopy(countNames, insert, names, insert + 1, countNames.length - insert);
    System.arraycopy(counts, insert, values, insert + 1, counts.length - insert);
    countNames = names;
    counts = values;
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

  /**
   * Makes this profile equal to {@code newer}, a later version of the same profile (typically a
   * {@link #copy} of this one that a committed transaction changed), changing as few references as
   * possible: times and counts are copied as numbers, traits, merged ids and count names are taken
   * over only when {@code newer} holds other ones. Afterwards both share what they point at, copy
   * on write, as after {@link #copy}; {@code newer} is not changed otherwise.
   *
   * @throws IllegalArgumentException when {@code newer} is another profile
   */
  public void takeOver(Profile newer) {
    if (!newer.id.equals(id) || !newer.createdAt.equals(createdAt)) {
      throw new IllegalArgumentException("Expected a newer version of profile " + id + ", but got profile " + newer.id);
    }
    if (newer == this) {
      return;
    }
    if (traits != newer.traits) {
      traits = newer.traits;
    }
    traitsShared = newer.traitsShared = true;
    if (mergedFrom != newer.mergedFrom) {
      mergedFrom = newer.mergedFrom;
    }
    mergedFromShared = newer.mergedFromShared = true;
    firstSeenSecond = newer.firstSeenSecond;
    firstSeenNano = newer.firstSeenNano;
    lastSeenSecond = newer.lastSeenSecond;
    lastSeenNano = newer.lastSeenNano;
    if (countNames == newer.countNames || Arrays.equals(countNames, newer.countNames)) {
      System.arraycopy(newer.counts, 0, counts, 0, counts.length); // same names: same length
    } else {
      countNames = newer.countNames;
      counts = newer.counts.clone();
    }
    traitsChanged = false;
  }

  @Override
  public String toString() {
    // Traits are personal data: never print them.
    return "Profile[" + id + ", " + traits.size() + " traits, " + countNames.length + " counters]";
  }

  /** The event counts as a read-only sorted map over the profile's arrays, as they are now. */
  private static final class CountsView extends AbstractMap<String, Long> {
    private final String[] names;
    private final long[] values;

    CountsView(String[] names, long[] values) {
      this.names = names;
      this.values = values.clone();
    }

    @Override
    public int size() {
      return names.length;
    }

    @Override
    public Long get(Object key) {
      if (!(key instanceof String name)) {
        return null;
      }
      int at = Arrays.binarySearch(names, name);
      return at >= 0 ? values[at] : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return get(key) != null;
    }

    @Override
    public java.util.Set<Map.Entry<String, Long>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return names.length;
        }

        @Override
        public Iterator<Map.Entry<String, Long>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < names.length;
            }

            @Override
            public Map.Entry<String, Long> next() {
              if (next >= names.length) {
                throw new NoSuchElementException();
              }
              int i = next++;
              return Map.entry(names[i], values[i]);
            }
          };
        }
      };
    }
  }
}
