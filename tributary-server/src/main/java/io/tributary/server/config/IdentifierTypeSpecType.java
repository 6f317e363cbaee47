package io.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.identity.IdentifierTypeSpec;
import io.tributary.core.identity.IdentityRules;
import io.tributary.core.identity.Normalisation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One element of {@link Settings#IDENTITY_TYPES}. The name rule and the limit rule belong to the
 * core's {@link IdentifierTypeSpec}, whose messages are reported as they are.
 */
final class IdentifierTypeSpecType extends ObjectType<IdentifierTypeSpec> {

  static final ObjectField<String> NAME =
      ObjectField.required(
          "name",
          StringType.token("a name in lower snake case"),
          "The type's name, lower snake case (`[a-z][a-z0-9_]{0,63}`), e.g. `email` or `crm_id`."
              + " `user_id` and `anonymous_id` must be configured.");

  static final ObjectField<Integer> PRIORITY =
      ObjectField.required(
          "priority",
          IntegerType.atLeast(1),
          "Lower is more trusted. When a merge would exceed a type's limit, identifiers of lower"
              + " priority (higher number) are the ones left unlinked. Unique.");

  static final ObjectField<Integer> LIMIT =
      ObjectField.withDefault(
          "limit",
          IntegerType.atLeast(1),
          1,
          "How many values of this type one profile may hold.");

  static final ObjectField<List<String>> BLOCKED_VALUES =
      ObjectField.withDefault(
          "blocked-values",
          ListType.of(ListType.ANY_STRING, "strings"),
          List.of(),
          "Normalised values (e-mails lower-case, phones in E.164) that never identify anyone, in"
              + " addition to the common ones that are always blocked: "
              + String.join(", ", IdentityRules.COMMON_BLOCKED.stream()
                  .sorted().map(v -> v.isEmpty() ? "`\"\"`" : "`" + v + "`").toList())
              + ".");

  static final ObjectField<Normalisation> NORMALISATION =
      ObjectField.withDefault(
          "normalisation",
          new EnumType<>(Normalisation.class),
          Normalisation.NONE,
          "`NONE` trims; `EMAIL` trims, lower-cases and drops values without one `@`; `PHONE`"
              + " parses with the default phone region and formats as E.164.");

  static final ObjectField<List<String>> TRAIT_KEYS =
      ObjectField.withDefault(
          "trait-keys",
          ListType.of(StringType.token("a string without whitespace"), "trait keys"),
          List.of(),
          "Trait keys (in `traits` and `context.traits`) the values are read from."
              + " `context.externalIds` entries whose `type` is the name are read too.");

  private static final List<ObjectField<?>> FIELDS =
      List.of(NAME, PRIORITY, LIMIT, BLOCKED_VALUES, NORMALISATION, TRAIT_KEYS);

  @Override
  String noun() {
    return "an identifier type";
  }

  @Override
  List<ObjectField<?>> fields() {
    return FIELDS;
  }

  @Override
  IdentifierTypeSpec build(Values values) {
    Set<String> blocked = new HashSet<>(IdentityRules.COMMON_BLOCKED);
    blocked.addAll(values.get(BLOCKED_VALUES));
    return new IdentifierTypeSpec(
        values.get(NAME),
        values.get(PRIORITY),
        values.get(LIMIT),
        blocked,
        values.get(NORMALISATION),
        values.get(TRAIT_KEYS));
  }

  @Override
  public JsonNode write(IdentifierTypeSpec spec) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put(NAME.name(), spec.name());
    node.put(PRIORITY.name(), spec.priority());
    node.put(LIMIT.name(), spec.limit());
    List<String> extraBlocked = spec.blockedValues().stream()
        .filter(v -> !IdentityRules.COMMON_BLOCKED.contains(v))
        .sorted()
        .toList();
    node.set(BLOCKED_VALUES.name(), BLOCKED_VALUES.type().write(extraBlocked));
    node.put(NORMALISATION.name(), spec.normalisation().name());
    node.set(TRAIT_KEYS.name(), TRAIT_KEYS.type().write(spec.traitKeys()));
    return node;
  }
}
