package io.tributary.core.profile;

import java.util.Map;
import java.util.Objects;

/**
 * Folds a merged-away profile into its survivor. Which profile survives is the identity resolver's
 * decision; this class only combines their contents.
 */
public final class ProfileMerger {

  private ProfileMerger() {}

  /**
   * Folds {@code merged} into {@code survivor}, in place:
   *
   * <ul>
   *   <li>traits: per key, the value with the newer {@link TraitValue#updatedAt()}; on a tie the
   *       survivor keeps its own;
   *   <li>first seen is the earlier, last seen the later of the two;
   *   <li>event counts are summed per name;
   *   <li>merged-from gains {@code merged}'s id and everything merged into {@code merged} before.
   * </ul>
   *
   * {@code merged} is left unchanged. The survivor's id and creation time stay.
   *
   * @throws IllegalArgumentException if both are the same profile
   */
  public static void absorb(Profile survivor, Profile merged) {
    Objects.requireNonNull(survivor, "survivor");
    Objects.requireNonNull(merged, "merged");
    if (survivor.id().equals(merged.id())) {
      throw new IllegalArgumentException(
          "Expected two different profiles to merge, but both are '" + survivor.id() + "'");
    }
    for (Map.Entry<String, TraitValue> trait : merged.traits().entrySet()) {
      TraitValue own = survivor.traits().get(trait.getKey());
      if (own == null || trait.getValue().updatedAt().isAfter(own.updatedAt())) {
        survivor.setTrait(trait.getKey(), trait.getValue());
      }
    }
    survivor.seen(merged.firstSeen());
    survivor.seen(merged.lastSeen());
    merged.eventCounts().forEach(survivor::count);
    survivor.addMergedFrom(merged.id());
    merged.mergedFrom().forEach(survivor::addMergedFrom);
  }
}
