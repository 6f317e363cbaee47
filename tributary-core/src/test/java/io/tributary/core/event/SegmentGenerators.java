package io.tributary.core.event;

import static io.tributary.core.event.JsonGenerators.objects;
import static io.tributary.core.event.JsonGenerators.text;
import static io.tributary.core.event.JsonGenerators.values;
import static io.tributary.core.testing.Gen.weighted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.core.testing.Gen;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Arbitrary Segment-shaped messages and batches: the spec's field names with values that are
 * sometimes right, sometimes nearly right, sometimes anything at all.
 */
final class SegmentGenerators {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Instant YEAR_0 = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant YEAR_9999_END = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private SegmentGenerators() {}

  /** Each field of the spec present with probability 0.6, in any order. */
  static Gen<ObjectNode> messages() {
    List<Map.Entry<String, Gen<JsonNode>>> fields =
        List.of(
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
    return random -> {
      List<Map.Entry<String, JsonNode>> present = new ArrayList<>();
      for (Map.Entry<String, Gen<JsonNode>> field : fields) {
        JsonNode value = field.getValue().orNull(0.4).next(random);
        if (value != null) {
          present.add(Map.entry(field.getKey(), value));
        }
      }
      Collections.shuffle(present, random);
      ObjectNode message = NODES.objectNode();
      present.forEach(f -> message.set(f.getKey(), f.getValue()));
      return message;
    };
  }

  static Gen<ObjectNode> batches() {
    Gen<JsonNode> item = Gen.frequency(weighted(9, messages()), weighted(1, values(1)));
    Gen<List<JsonNode>> items = item.list(0, 5).orNull(0.05);
    Gen<JsonNode> objectsOrNull = objectsMostly().orNull(0.5);
    Gen<JsonNode> timestampsOrNull = timestamps().orNull(0.5);
    return random -> {
      List<JsonNode> batch = items.next(random);
      JsonNode context = objectsOrNull.next(random);
      JsonNode integrations = objectsOrNull.next(random);
      JsonNode sentAt = timestampsOrNull.next(random);
      ObjectNode body = NODES.objectNode();
      if (batch != null) {
        body.set("batch", NODES.arrayNode().addAll(batch));
      }
      body.set("context", context);
      body.set("integrations", integrations);
      body.set("sentAt", sentAt);
      return body;
    };
  }

  /** ISO-8601 date-times of years 0000 to 9999 with any whole-minute offset and precision. */
  static Gen<String> isoDateTimes() {
    Gen<Instant> locals = instantsOfFourDigitYears();
    Gen<Integer> offsetMinutes = Gen.ints(-18 * 60, 18 * 60);
    return random ->
        OffsetDateTime.of(
                LocalDateTime.ofInstant(locals.next(random), ZoneOffset.UTC),
                ZoneOffset.ofTotalSeconds(offsetMinutes.next(random) * 60))
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  static Gen<Instant> instantsOfFourDigitYears() {
    Gen<Long> seconds = Gen.longs(YEAR_0.getEpochSecond(), YEAR_9999_END.getEpochSecond());
    Gen<Integer> nanos =
        Gen.oneOf(
            Gen.constant(0), Gen.ints(0, 999).map(ms -> ms * 1_000_000), Gen.ints(0, 999_999_999));
    return random -> Instant.ofEpochSecond(seconds.next(random), nanos.next(random));
  }

  private static Gen<JsonNode> types() {
    return Gen.frequency(
        weighted(
            8,
            Gen.of(Arrays.stream(EventType.values()).map(EventType::specName).toList())
                .map(TextNode::valueOf)),
        weighted(1, text().map(TextNode::valueOf)),
        weighted(1, values(0)));
  }

  private static Gen<JsonNode> ids() {
    return Gen.frequency(
        weighted(6, text().map(TextNode::valueOf)),
        weighted(2, Gen.ints().map(IntNode::valueOf)),
        weighted(1, text().map(t -> TextNode.valueOf(t + "x".repeat(1025)))),
        weighted(1, values(1)));
  }

  private static Gen<JsonNode> names() {
    return Gen.frequency(weighted(8, text().map(TextNode::valueOf)), weighted(2, values(1)));
  }

  private static Gen<JsonNode> timestamps() {
    return Gen.frequency(
        weighted(7, isoDateTimes().map(TextNode::valueOf)),
        weighted(2, text().map(TextNode::valueOf)),
        weighted(1, values(1)));
  }

  private static Gen<JsonNode> objectsMostly() {
    return Gen.frequency(weighted(8, objects(2)), weighted(2, values(1)));
  }

  private static Gen<JsonNode> contexts() {
    Gen<ObjectNode> contexts = objects(1);
    Gen<JsonNode> traits = values(2);
    Gen<JsonNode> withTraits =
        random -> {
          ObjectNode context = contexts.next(random);
          context.set("traits", traits.next(random));
          return context;
        };
    return Gen.frequency(weighted(3, objectsMostly()), weighted(1, withTraits));
  }
}
