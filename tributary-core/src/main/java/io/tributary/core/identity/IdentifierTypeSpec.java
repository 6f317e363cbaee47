package io.tributary.core.identity;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How one identifier type takes part in identity resolution.
 *
 * @param name the type's name, lower snake case, e.g. {@code email}, {@code crm_id}
 * @param priority lower is more trusted; when a merge would break a limit, identifiers of lower
 *     priority (higher number) are the ones left unlinked
 * @param limit how many values of this type one profile may hold, at least 1
 * @param blockedValues normalised values that never identify anyone (e.g. {@code unknown})
 * @param normalisation how raw values are normalised
 * @param traitKeys trait keys (in {@code traits} and {@code context.traits}) the values are read
 *     from; {@code context.externalIds} entries whose {@code type} equals {@link #name} are read
 *     too. {@code user_id} and {@code anonymous_id} are also read from the message's fields.
 */
public record IdentifierTypeSpec(
    String name,
    int priority,
    int limit,
    Set<String> blockedValues,
    Normalisation normalisation,
    List<String> traitKeys) {

  public IdentifierTypeSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(normalisation, "normalisation");
    if (!name.matches("[a-z][a-z0-9_]{0,63}")) {
      throw new IllegalArgumentException(
          "Expected identifier type name to match [a-z][a-z0-9_]{0,63}, but was '" + name + "'");
    }
    if (limit < 1) {
      throw new IllegalArgumentException(
          "Expected limit of identifier type '" + name + "' to be at least 1, but was " + limit);
    }
    blockedValues = Set.copyOf(blockedValues);
    traitKeys = List.copyOf(traitKeys);
  }
}
