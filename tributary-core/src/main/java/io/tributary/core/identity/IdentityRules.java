package io.tributary.core.identity;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The identifier types and their rules, ordered by priority.
 *
 * @param types the identifier types; names are unique and priorities are unique
 * @param defaultPhoneRegion ISO 3166 region used to parse phone numbers written without a country
 *     code, e.g. {@code DE}
 */
public record IdentityRules(List<IdentifierTypeSpec> types, String defaultPhoneRegion) {

  public static final String USER_ID = "user_id";
  public static final String ANONYMOUS_ID = "anonymous_id";
  public static final String EMAIL = "email";
  public static final String PHONE = "phone";

  /** Values that identify nobody, whatever the type. */
  public static final Set<String> COMMON_BLOCKED =
      Set.of("", "unknown", "null", "undefined", "none", "n/a", "0", "-", "anonymous");

  public IdentityRules {
    Objects.requireNonNull(defaultPhoneRegion, "defaultPhoneRegion");
    types = types.stream().sorted(Comparator.comparingInt(IdentifierTypeSpec::priority)).toList();
    Map<String, IdentifierTypeSpec> byName = new HashMap<>();
    Map<Integer, IdentifierTypeSpec> byPriority = new HashMap<>();
    for (IdentifierTypeSpec t : types) {
      if (byName.put(t.name(), t) != null) {
        throw new IllegalArgumentException("Expected unique identifier type names, but '" + t.name() + "' appears twice");
      }
      IdentifierTypeSpec other = byPriority.put(t.priority(), t);
      if (other != null) {
        throw new IllegalArgumentException(
            "Expected unique identifier priorities, but '" + other.name() + "' and '" + t.name()
                + "' both have priority " + t.priority());
      }
    }
    for (String required : List.of(USER_ID, ANONYMOUS_ID)) {
      if (!byName.containsKey(required)) {
        throw new IllegalArgumentException("Expected identifier type '" + required + "' to be configured");
      }
    }
  }

  /** The defaults: user_id, email, phone, anonymous_id, with Segment-like priorities and limits. */
  public static IdentityRules defaults() {
    return new IdentityRules(
        List.of(
            new IdentifierTypeSpec(USER_ID, 1, 1, COMMON_BLOCKED, Normalisation.NONE, List.of()),
            new IdentifierTypeSpec(
                EMAIL,
                2,
                5,
                union(COMMON_BLOCKED, Set.of("test@test.com", "test@example.com", "noreply@example.com")),
                Normalisation.EMAIL,
                List.of("email")),
            new IdentifierTypeSpec(PHONE, 3, 5, COMMON_BLOCKED, Normalisation.PHONE, List.of("phone")),
            new IdentifierTypeSpec(ANONYMOUS_ID, 10, 100, COMMON_BLOCKED, Normalisation.NONE, List.of())),
        "US");
  }

  /** The type of that name, if configured. */
  public Optional<IdentifierTypeSpec> type(String name) {
    return types.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    var all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
