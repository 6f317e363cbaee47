package io.tributary.core.event;

import static io.tributary.core.event.JsonGenerators.objects;
import static io.tributary.core.event.JsonGenerators.text;
import static io.tributary.core.testing.Gen.weighted;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.testing.Gen;
import java.time.Instant;

/** Arbitrary valid {@link Event}s: any type, any text, any instant, any JSON objects. */
final class EventGenerators {

  private EventGenerators() {}

  static Gen<Event> events() {
    Gen<EventType> types = Gen.of(EventType.values());
    Gen<String> text = text();
    Gen<String> someIds = text.orNull(0.3);
    Gen<String> textOrNull = text.orNull(0.5);
    Gen<Ids> ids =
        random ->
            new Ids(
                text.next(random), text.next(random), someIds.next(random), someIds.next(random));
    Gen<Ids> someUser = ids.filter(i -> i.userId() != null || i.anonymousId() != null);
    Gen<Instant> instants = instants();
    Gen<Instant> instantsOrNull = instants.orNull(0.3);
    Gen<ObjectNode> trees = objects(2);
    return random -> {
      EventType type = types.next(random);
      Ids i = someUser.next(random);
      return new Event(
          type,
          i.messageId(),
          i.sourceId(),
          i.userId(),
          i.anonymousId(),
          textOrNull.next(random),
          textOrNull.next(random),
          textOrNull.next(random),
          textOrNull.next(random),
          textOrNull.next(random),
          instants.next(random),
          instantsOrNull.next(random),
          instantsOrNull.next(random),
          instants.next(random),
          trees.next(random),
          trees.next(random),
          trees.next(random),
          trees.next(random));
    };
  }

  /** Any instant {@link Instant} can hold, to the nanosecond, the extremes more often. */
  static Gen<Instant> instants() {
    Gen<Long> seconds = Gen.longs(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
    Gen<Integer> nanos = Gen.ints(0, 999_999_999);
    Gen<Instant> any = random -> Instant.ofEpochSecond(seconds.next(random), nanos.next(random));
    return Gen.frequency(
        weighted(1, Gen.of(Instant.MIN, Instant.EPOCH, Instant.MAX)), weighted(9, any));
  }

  private record Ids(String messageId, String sourceId, String userId, String anonymousId) {}
}
