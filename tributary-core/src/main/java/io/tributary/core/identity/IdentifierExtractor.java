package io.tributary.core.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.core.event.Event;
import io.tributary.core.event.EventType;
import io.tributary.core.state.StateTransaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.function.Predicate;

/**
 * Finds the identifiers an event carries.
 *
 * <p>Sources, in this order of appearance:
 *
 * <ol>
 *   <li>{@code userId} as {@code user_id}, {@code anonymousId} as {@code anonymous_id};
 *   <li>for {@code alias} messages, {@code previousId}: as {@code user_id} if that identifier is
 *       already known, else as {@code anonymous_id};
 *   <li>each type's {@link IdentifierTypeSpec#traitKeys() trait keys} in {@code traits}, for {@code
 *       identify} messages only ({@code group} traits describe the group, not the user);
 *   <li>the same keys in {@code context.traits}, for every message type;
 *   <li>{@code context.externalIds} entries {@code {"id": ..., "type": ...}} whose {@code type}
 *       names a configured identifier type.
 * </ol>
 *
 * <p>Values are normalised by {@link IdentifierNormaliser} (dropped values are left out). Strings
 * are taken as they are and JSON numbers as their text; booleans, nulls, objects and arrays are
 * ignored. The result has no duplicates and is ordered by type priority (most trusted first), then
 * by order of appearance.
 *
 * <p>Thread-safe.
 */
public final class IdentifierExtractor {

  private final IdentityRules rules;
  private final IdentifierNormaliser normaliser;
  private final Comparator<Identifier> byPriority;

  public IdentifierExtractor(IdentityRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.normaliser = new IdentifierNormaliser(rules);
    this.byPriority = Comparator.comparingInt(id -> rules.type(id.type()).orElseThrow().priority());
  }

  /** The event's identifiers; an alias's {@code previousId} is looked up in {@code tx}. */
  public List<Identifier> extract(Event event, StateTransaction tx) {
    Objects.requireNonNull(tx, "tx");
    return extract(event, id -> tx.profileOf(id).isPresent());
  }

  /**
   * The event's identifiers.
   *
   * @param known whether an identifier already belongs to a profile; only asked about an alias's
   *     {@code previousId}
   * @return the identifiers, most trusted first; empty if the event carries none that survive
   *     normalisation
   */
  public List<Identifier> extract(Event event, Predicate<Identifier> known) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(known, "known");
    SequencedSet<Identifier> found = new LinkedHashSet<>();
    addRaw(found, IdentityRules.USER_ID, event.userId());
    addRaw(found, IdentityRules.ANONYMOUS_ID, event.anonymousId());
    if (event.type() == EventType.ALIAS && event.previousId() != null) {
      previousId(event.previousId(), known).ifPresent(found::add);
    }
    if (event.type() == EventType.IDENTIFY) {
      addTraits(found, event.traits());
    }
    addTraits(found, event.context().path("traits"));
    addExternalIds(found, event.context().path("externalIds"));
    List<Identifier> ordered = new ArrayList<>(found);
    ordered.sort(byPriority); // stable: order of appearance within a type
    return List.copyOf(ordered);
  }

  private Optional<Identifier> previousId(String raw, Predicate<Identifier> known) {
    Optional<Identifier> asUser = normaliser.normalise(IdentityRules.USER_ID, raw);
    if (asUser.isPresent() && known.test(asUser.get())) {
      return asUser;
    }
    return normaliser.normalise(IdentityRules.ANONYMOUS_ID, raw);
  }

  private void addTraits(SequencedSet<Identifier> found, JsonNode traits) {
    if (!traits.isObject()) {
      return;
    }
    for (IdentifierTypeSpec type : rules.types()) {
      for (String key : type.traitKeys()) {
        scalarText(traits.get(key)).ifPresent(raw -> addRaw(found, type.name(), raw));
      }
    }
  }

  private void addExternalIds(SequencedSet<Identifier> found, JsonNode externalIds) {
    if (!externalIds.isArray()) {
      return;
    }
    for (JsonNode entry : externalIds) {
      JsonNode type = entry.path("type");
      if (type.isTextual() && rules.type(type.textValue()).isPresent()) {
        scalarText(entry.get("id")).ifPresent(raw -> addRaw(found, type.textValue(), raw));
      }
    }
  }

  private void addRaw(SequencedSet<Identifier> found, String type, String raw) {
    if (raw != null) {
      normaliser.normalise(type, raw).ifPresent(found::add);
    }
  }

  private static Optional<String> scalarText(JsonNode node) {
    if (node == null) {
      return Optional.empty();
    }
    if (node.isTextual()) {
      return Optional.of(node.textValue());
    }
    if (node.isNumber()) {
      return Optional.of(node.asText());
    }
    return Optional.empty();
  }
}
