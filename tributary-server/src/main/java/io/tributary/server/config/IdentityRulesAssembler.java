package io.tributary.server.config;

import io.tributary.core.identity.IdentifierTypeSpec;
import io.tributary.core.identity.IdentityRules;
import io.tributary.core.identity.Normalisation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the core's {@link IdentityRules} from the three identity settings, expanding the {@link
 * Settings#IDENTITY_EXTERNAL_IDS} shorthand into identifier types.
 */
final class IdentityRulesAssembler {

  private IdentityRulesAssembler() {}

  /** The rules, or empty if they break a rule; each problem names the setting at fault. */
  static Optional<IdentityRules> assemble(
      String region, List<IdentifierTypeSpec> types, List<String> externalIds, Problems problems) {
    Problems local = new Problems();
    List<IdentifierTypeSpec> all = new ArrayList<>(types);
    all.addAll(externalIdTypes(types, externalIds, local));
    problems.addAll(local, "");
    if (!local.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new IdentityRules(all, region));
    } catch (IllegalArgumentException e) {
      problems.add(Settings.IDENTITY_TYPES.key(), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The types the shorthand adds: limit 1, no normalisation, the common blocked values, the name as
   * trait key, and the free priorities after {@code phone} and before {@code anonymous_id}.
   */
  private static List<IdentifierTypeSpec> externalIdTypes(
      List<IdentifierTypeSpec> types, List<String> names, Problems problems) {
    String key = Settings.IDENTITY_EXTERNAL_IDS.key();
    List<Integer> free = freePriorities(types, names.size());
    if (names.size() > free.size()) {
      problems.add(key, "expected at most " + free.size() + " names, as many as there are free"
          + " priorities between " + IdentityRules.PHONE + " and " + IdentityRules.ANONYMOUS_ID
          + " in " + Settings.IDENTITY_TYPES.key() + ", but got " + names.size()
          + "; configure the others in " + Settings.IDENTITY_TYPES.key() + " with explicit priorities");
      return List.of();
    }
    Set<String> existing = new HashSet<>();
    types.forEach(type -> existing.add(type.name()));
    List<IdentifierTypeSpec> added = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (existing.contains(name)) {
        problems.add(key + "[" + i + "]", "expected a name that is not already an identifier"
            + " type, but " + Shown.text(name) + " is one in " + Settings.IDENTITY_TYPES.key());
        continue;
      }
      try {
        added.add(new IdentifierTypeSpec(name, free.get(i), 1, IdentityRules.COMMON_BLOCKED,
            Normalisation.NONE, List.of(name)));
      } catch (IllegalArgumentException e) {
        problems.add(key + "[" + i + "]", e.getMessage());
      }
    }
    return added;
  }

  /**
   * The unused priorities after {@code phone} (or, without it, after the last type before {@code
   * anonymous_id}) and before {@code anonymous_id}, in ascending order; at most {@code wanted}.
   */
  private static List<Integer> freePriorities(List<IdentifierTypeSpec> types, int wanted) {
    int end = priorityOf(types, IdentityRules.ANONYMOUS_ID).orElse(Integer.MAX_VALUE);
    int start = priorityOf(types, IdentityRules.PHONE)
        .orElseGet(() -> types.stream()
            .mapToInt(IdentifierTypeSpec::priority)
            .filter(priority -> priority < end)
            .max()
            .orElse(0));
    Set<Integer> used = new HashSet<>();
    types.forEach(type -> used.add(type.priority()));
    List<Integer> free = new ArrayList<>();
    for (int p = start + 1; p < end && free.size() < wanted; p++) {
      if (!used.contains(p)) {
        free.add(p);
      }
    }
    return free;
  }

  private static Optional<Integer> priorityOf(List<IdentifierTypeSpec> types, String name) {
    return types.stream().filter(t -> t.name().equals(name)).map(IdentifierTypeSpec::priority)
        .findFirst();
  }
}
