package io.tributary.core.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.core.event.Event;
import io.tributary.core.event.EventType;
import java.util.Map;
import java.util.Objects;

/**
 * Applies an event to the profile it resolved to.
 *
 * <p>What the event changes:
 *
 * <ul>
 *   <li>user traits: {@code context.traits} of any message type, then the {@code traits} of an
 *       {@code identify} message (so within one event the top-level traits win). Each key is set to
 *       a {@link TraitValue} stamped with the event's timestamp, unless the profile holds a value
 *       from a newer event; {@code group} traits describe the group and are not applied. A JSON
 *       {@code null} is kept as a value: it records that the trait was cleared at that time;
 *   <li>first and last seen widen to include the event's timestamp;
 *   <li>the counter {@link Event#countName()} goes up by one ({@code track} without an event name
 *       counts under {@code track}).
 * </ul>
 *
 * <p>Only the event's own timestamp is used: the result does not depend on the wall clock, and an
 * event that arrives late never overwrites what a newer event set.
 */
public final class ProfileUpdater {

  /** Applies {@code event} to {@code profile} in place; the caller saves the profile. */
  public void apply(Profile profile, Event event) {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(event, "event");
    JsonNode contextTraits = event.context().path("traits");
    if (contextTraits.isObject()) {
      setTraits(profile, contextTraits, event);
    }
    if (event.type() == EventType.IDENTIFY) {
      setTraits(profile, event.traits(), event);
    }
    profile.seen(event.timestamp());
    String countName = event.countName();
    profile.count(countName != null ? countName : event.type().specName(), 1);
  }

  private static void setTraits(Profile profile, JsonNode traits, Event event) {
    for (Map.Entry<String, JsonNode> trait : traits.properties()) {
      profile.setTrait(
          trait.getKey(), new TraitValue(trait.getValue().deepCopy(), event.timestamp()));
    }
  }
}
