package io.tributary.core.event;

import static io.tributary.core.testing.Gen.weighted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.core.testing.Gen;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Arbitrary JSON trees with the node types Jackson's default parser builds: int, long and
 * big-integer nodes by magnitude, double nodes (finite) for fractions.
 */
final class JsonGenerators {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final BigInteger BEYOND = BigInteger.TWO.pow(100);

  private JsonGenerators() {}

  /** Any text of up to 20 chars, control characters included (see {@link Gen#chars}). */
  static Gen<String> text() {
    return Gen.strings(0, 20);
  }

  /** Any JSON value nested at most {@code depth} containers deep. */
  static Gen<JsonNode> values(int depth) {
    Gen<JsonNode> scalars = scalars();
    if (depth == 0) {
      return scalars;
    }
    return Gen.frequency(
        weighted(4, scalars), weighted(1, objects(depth - 1)), weighted(1, arrays(depth - 1)));
  }

  /** Any JSON object whose values nest at most {@code depth} containers deep. */
  static Gen<ObjectNode> objects(int depth) {
    Gen<String> names = text();
    Gen<JsonNode> values = values(depth);
    return random -> {
      int size = Gen.size(random, 0, 4);
      Map<String, JsonNode> fields = new LinkedHashMap<>();
      while (fields.size() < size) {
        fields.put(names.next(random), values.next(random));
      }
      ObjectNode object = NODES.objectNode();
      fields.forEach(object::set);
      return object;
    };
  }

  static Gen<ArrayNode> arrays(int depth) {
    return values(depth)
        .list(0, 4)
        .map(
            elements -> {
              ArrayNode array = NODES.arrayNode();
              elements.forEach(array::add);
              return array;
            });
  }

  private static Gen<JsonNode> scalars() {
    return Gen.oneOf(
        text().map(TextNode::valueOf),
        Gen.ints().map(IntNode::valueOf),
        Gen.longs().filter(l -> l.longValue() != l.intValue()).map(LongNode::valueOf),
        Gen.oneOf(
                Gen.bigIntegers(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE), BEYOND),
                Gen.bigIntegers(
                    BEYOND.negate(), BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE)))
            .map(BigIntegerNode::valueOf),
        Gen.doubles().filter(Double::isFinite).map(DoubleNode::valueOf),
        Gen.of(BooleanNode.TRUE, BooleanNode.FALSE),
        Gen.constant(NullNode.getInstance()));
  }
}
