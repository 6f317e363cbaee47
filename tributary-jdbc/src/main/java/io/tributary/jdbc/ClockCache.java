package io.tributary.jdbc;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A bounded map for one thread that forgets entries not used lately, by the CLOCK algorithm (an
 * approximation of least recently used).
 *
 * <p>Made for the embedded store's {@link WriterCache}, whose entries live long and are read for
 * every event: a read here only sets a flag in the entry, where an LRU cache (Caffeine's or a
 * {@code LinkedHashMap} in access order) relinks entries or records the read in a buffer. Those are
 * writes of references into long-lived objects, which the garbage collector has to look at in
 * every young collection. Not thread-safe: its owner serialises all calls.
 */
final class ClockCache<K, V> {
  private static final class Slot<K, V> {
    final K key;
    V value;
    boolean used;
    int index;

    Slot(K key, V value) {
      this.key = key;
      this.value = value;
    }
  }

  private final Map<K, Slot<K, V>> slots = new HashMap<>();
  private final Object[] ring;
  private int filled;
  private int hand;

  /** @param capacity the most entries held */
  ClockCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("Expected a capacity of at least 1, but was " + capacity);
    }
    this.ring = new Object[capacity];
  }

  /** The value of {@code key}, or null; counts as a use of it. */
  V get(K key) {
    Slot<K, V> slot = slots.get(key);
    if (slot == null) {
      return null;
    }
    slot.used = true;
    return slot.value;
  }

  /** Sets the value of {@code key}, making room by forgetting an entry not used lately if needed. */
  void put(K key, V value) {
    Objects.requireNonNull(value, "value");
    Slot<K, V> slot = slots.get(key);
    if (slot != null) {
      slot.value = value;
      slot.used = true;
      return;
    }
    slot = new Slot<>(Objects.requireNonNull(key, "key"), value);
    if (filled < ring.length) {
      // Not full yet: take the next free place (removals leave none: see remove).
      slot.index = filled++;
    } else {
      slot.index = victim();
      slots.remove(slotAt(slot.index).key);
    }
    ring[slot.index] = slot;
    slots.put(key, slot);
  }

  /** Forgets {@code key}. */
  void remove(K key) {
    Slot<K, V> slot = slots.remove(key);
    if (slot == null) {
      return;
    }
    // Keep the ring dense: move the last filled place into the freed one.
    int last = --filled;
    if (slot.index != last) {
      Slot<K, V> moved = slotAt(last);
      moved.index = slot.index;
      ring[slot.index] = moved;
    }
    ring[last] = null;
    if (hand >= filled) {
      hand = 0;
    }
  }

  void clear() {
    slots.clear();
    java.util.Arrays.fill(ring, null);
    filled = 0;
    hand = 0;
  }

  int size() {
    return slots.size();
  }

  /** The place of the first entry from the hand on that was not used since the hand last passed. */
  private int victim() {
    while (true) {
      Slot<K, V> slot = slotAt(hand);
      int at = hand;
      hand = (hand + 1) % filled;
      if (!slot.used) {
        return at;
      }
      slot.used = false;
    }
  }

  @SuppressWarnings("unchecked")
  private Slot<K, V> slotAt(int index) {
    return (Slot<K, V>) ring[index];
  }
}
