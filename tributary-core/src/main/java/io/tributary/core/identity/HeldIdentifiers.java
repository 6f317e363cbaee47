package io.tributary.core.identity;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The identifier values a profile holds, by type, for checking limits. Mutable. */
final class HeldIdentifiers {

  private final Map<String, Set<String>> valuesByType = new HashMap<>(4);

  private HeldIdentifiers() {}

  static HeldIdentifiers of(List<IdentityLink> links) {
    HeldIdentifiers held = new HeldIdentifiers();
    links.forEach(link -> held.add(link.identifier()));
    return held;
  }

  void add(Identifier identifier) {
    valuesByType.computeIfAbsent(identifier.type(), t -> new HashSet<>()).add(identifier.value());
  }

  /** A new holding with the values of both. */
  HeldIdentifiers union(HeldIdentifiers other) {
    HeldIdentifiers all = new HeldIdentifiers();
    for (HeldIdentifiers side : List.of(this, other)) {
      side.valuesByType.forEach(
          (type, values) ->
              all.valuesByType.computeIfAbsent(type, t -> new HashSet<>()).addAll(values));
    }
    return all;
  }

  /** Whether one more value of {@code type} stays within its limit. */
  boolean hasRoomFor(String type, IdentityRules rules) {
    return count(type) < limit(type, rules);
  }

  /** Whether every type is within its limit. Types no longer configured have no limit. */
  boolean withinLimits(IdentityRules rules) {
    return valuesByType.keySet().stream().allMatch(type -> count(type) <= limit(type, rules));
  }

  private int count(String type) {
    return valuesByType.getOrDefault(type, Set.of()).size();
  }

  private static int limit(String type, IdentityRules rules) {
    return rules.type(type).map(IdentifierTypeSpec::limit).orElse(Integer.MAX_VALUE);
  }
}
