package io.tributary.core.event;

import static io.tributary.core.event.JsonArbitraries.objects;
import static io.tributary.core.event.JsonArbitraries.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Arbitrary valid {@link Event}s: any type, any text, any instant, any JSON objects. */
final class EventArbitraries {

  private EventArbitraries() {}

  static Arbitrary<Event> events() {
    Arbitrary<Ids> ids =
        Combinators.combine(text(), text(), text().injectNull(0.3), text().injectNull(0.3))
            .as(Ids::new)
            .filter(i -> i.userId() != null || i.anonymousId() != null);
    Arbitrary<Names> names =
        Combinators.combine(
                text().injectNull(0.5),
                text().injectNull(0.5),
                text().injectNull(0.5),
                text().injectNull(0.5),
                text().injectNull(0.5))
            .as(Names::new);
    Arbitrary<Times> times =
        Combinators.combine(
                instants(), instants().injectNull(0.3), instants().injectNull(0.3), instants())
            .as(Times::new);
    Arbitrary<Trees> trees =
        Combinators.combine(objects(2), objects(2), objects(2), objects(2)).as(Trees::new);
    return Combinators.combine(Arbitraries.of(EventType.class), ids, names, times, trees)
        .as(
            (type, i, n, t, j) ->
                new Event(
                    type,
                    i.messageId(),
                    i.sourceId(),
                    i.userId(),
                    i.anonymousId(),
                    n.event(),
                    n.name(),
                    n.category(),
                    n.groupId(),
                    n.previousId(),
                    t.timestamp(),
                    t.originalTimestamp(),
                    t.sentAt(),
                    t.receivedAt(),
                    j.properties(),
                    j.traits(),
                    j.context(),
                    j.integrations()));
  }

  /** Any instant {@link Instant} can hold, to the nanosecond, the extremes more often. */
  static Arbitrary<Instant> instants() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.of(Instant.MIN, Instant.EPOCH, Instant.MAX)),
        Tuple.of(
            9,
            Combinators.combine(
                    Arbitraries.longs()
                        .between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                    Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond)));
  }

  private record Ids(String messageId, String sourceId, String userId, String anonymousId) {}

  private record Names(
      String event, String name, String category, String groupId, String previousId) {}

  private record Times(
      Instant timestamp, Instant originalTimestamp, Instant sentAt, Instant receivedAt) {}

  private record Trees(
      ObjectNode properties, ObjectNode traits, ObjectNode context, ObjectNode integrations) {}
}
