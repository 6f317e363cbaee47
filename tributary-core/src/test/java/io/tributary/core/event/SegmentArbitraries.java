package io.tributary.core.event;

import static io.tributary.core.event.JsonArbitraries.objects;
import static io.tributary.core.event.JsonArbitraries.text;
import static io.tributary.core.event.JsonArbitraries.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Arbitrary Segment-shaped messages and batches: the spec's field names with values that are
 * sometimes right, sometimes nearly right, sometimes anything at all.
 */
final class SegmentArbitraries {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Instant YEAR_0 = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant YEAR_9999_END = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private SegmentArbitraries() {}

  static Arbitrary<ObjectNode> messages() {
    Map<String, Arbitrary<JsonNode>> fields =
        Map.ofEntries(
            Map.entry("type", types()),
            Map.entry("userId", ids()),
            Map.entry("anonymousId", ids()),
            Map.entry("groupId", ids()),
            Map.entry("previousId", ids()),
            Map.entry("messageId", ids()),
            Map.entry("event", names()),
            Map.entry("name", names()),
            Map.entry("category", names()),
            Map.entry("timestamp", timestamps()),
            Map.entry("sentAt", timestamps()),
            Map.entry("originalTimestamp", timestamps()),
            Map.entry("receivedAt", timestamps()),
            Map.entry("properties", objectsMostly()),
            Map.entry("traits", objectsMostly()),
            Map.entry("context", contexts()),
            Map.entry("integrations", objectsMostly()),
            Map.entry("writeKey", text().map(TextNode::valueOf)));
    List<Arbitrary<Tuple.Tuple2<String, JsonNode>>> optionalFields =
        fields.entrySet().stream()
            .map(
                field ->
                    field.getValue().map(value -> Tuple.of(field.getKey(), value)).injectNull(0.4))
            .toList();
    return Combinators.combine(optionalFields)
        .as(
            present -> {
              ObjectNode message = NODES.objectNode();
              present.stream().filter(f -> f != null).forEach(f -> message.set(f.get1(), f.get2()));
              return message;
            });
  }

  static Arbitrary<ObjectNode> batches() {
    Arbitrary<JsonNode> item =
        Arbitraries.frequencyOf(
            Tuple.of(9, messages().map(JsonNode.class::cast)), Tuple.of(1, values(1)));
    return Combinators.combine(
            item.list().ofMaxSize(5).injectNull(0.05),
            objectsMostly().injectNull(0.5),
            objectsMostly().injectNull(0.5),
            timestamps().injectNull(0.5))
        .as(
            (items, context, integrations, sentAt) -> {
              ObjectNode body = NODES.objectNode();
              if (items != null) {
                body.set("batch", NODES.arrayNode().addAll(items));
              }
              body.set("context", context);
              body.set("integrations", integrations);
              body.set("sentAt", sentAt);
              return body;
            });
  }

  /** ISO-8601 date-times of years 0000 to 9999 with any whole-minute offset and precision. */
  static Arbitrary<String> isoDateTimes() {
    return Combinators.combine(
            instantsOfFourDigitYears(), Arbitraries.integers().between(-18 * 60, 18 * 60))
        .as(
            (local, offsetMinutes) ->
                OffsetDateTime.of(
                        LocalDateTime.ofInstant(local, ZoneOffset.UTC),
                        ZoneOffset.ofTotalSeconds(offsetMinutes * 60))
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
  }

  static Arbitrary<Instant> instantsOfFourDigitYears() {
    return Combinators.combine(
            Arbitraries.longs().between(YEAR_0.getEpochSecond(), YEAR_9999_END.getEpochSecond()),
            Arbitraries.oneOf(
                Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999_999)))
        .as(Instant::ofEpochSecond);
  }

  private static Arbitrary<JsonNode> types() {
    return Arbitraries.frequencyOf(
        Tuple.of(
            8,
            Arbitraries.of(Arrays.stream(EventType.values()).map(EventType::specName).toList())
                .map(TextNode::valueOf)),
        Tuple.of(1, text().map(TextNode::valueOf)),
        Tuple.of(1, values(0)));
  }

  private static Arbitrary<JsonNode> ids() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, text().map(TextNode::valueOf)),
        Tuple.of(2, Arbitraries.integers().map(IntNode::valueOf)),
        Tuple.of(1, text().map(t -> TextNode.valueOf(t + "x".repeat(1025)))),
        Tuple.of(1, values(1)));
  }

  private static Arbitrary<JsonNode> names() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, text().map(TextNode::valueOf)), Tuple.of(2, values(1)));
  }

  private static Arbitrary<JsonNode> timestamps() {
    return Arbitraries.frequencyOf(
        Tuple.of(7, isoDateTimes().map(TextNode::valueOf)),
        Tuple.of(2, text().map(TextNode::valueOf)),
        Tuple.of(1, values(1)));
  }

  private static Arbitrary<JsonNode> objectsMostly() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, objects(2).map(JsonNode.class::cast)), Tuple.of(2, values(1)));
  }

  private static Arbitrary<JsonNode> contexts() {
    Arbitrary<JsonNode> withTraits =
        Combinators.combine(objects(1), values(2))
            .as(
                (context, traits) -> {
                  context.set("traits", traits);
                  return (JsonNode) context;
                });
    return Arbitraries.frequencyOf(Tuple.of(3, objectsMostly()), Tuple.of(1, withTraits));
  }
}
