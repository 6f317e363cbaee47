package io.tributary.core.event;

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
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Arbitrary JSON trees with the node types Jackson's default parser builds: int, long and
 * big-integer nodes by magnitude, double nodes (finite) for fractions.
 */
final class JsonArbitraries {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final BigInteger BEYOND = BigInteger.TWO.pow(100);

  private JsonArbitraries() {}

  /** Any text, surrogates and control characters included. */
  static Arbitrary<String> text() {
    return Arbitraries.strings().ofMaxLength(20);
  }

  /** Any JSON value nested at most {@code depth} containers deep. */
  static Arbitrary<JsonNode> values(int depth) {
    Arbitrary<JsonNode> scalars = scalars();
    if (depth == 0) {
      return scalars;
    }
    return Arbitraries.frequencyOf(
        Tuple.of(4, scalars),
        Tuple.of(1, objects(depth - 1).map(JsonNode.class::cast)),
        Tuple.of(1, arrays(depth - 1).map(JsonNode.class::cast)));
  }

  /** Any JSON object whose values nest at most {@code depth} containers deep. */
  static Arbitrary<ObjectNode> objects(int depth) {
    return Arbitraries.maps(text(), values(depth))
        .ofMaxSize(4)
        .map(
            fields -> {
              ObjectNode object = NODES.objectNode();
              fields.forEach(object::set);
              return object;
            });
  }

  static Arbitrary<ArrayNode> arrays(int depth) {
    return values(depth)
        .list()
        .ofMaxSize(4)
        .map(
            elements -> {
              ArrayNode array = NODES.arrayNode();
              elements.forEach(array::add);
              return array;
            });
  }

  private static Arbitrary<JsonNode> scalars() {
    return Arbitraries.oneOf(
        List.of(
            text().map(TextNode::valueOf),
            Arbitraries.integers().map(IntNode::valueOf),
            Arbitraries.longs().filter(l -> l.longValue() != l.intValue()).map(LongNode::valueOf),
            Arbitraries.oneOf(
                    Arbitraries.bigIntegers()
                        .between(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE), BEYOND),
                    Arbitraries.bigIntegers()
                        .between(
                            BEYOND.negate(),
                            BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE)))
                .map(BigIntegerNode::valueOf),
            Arbitraries.oneOf(
                    Arbitraries.doubles(), Arbitraries.longs().map(Double::longBitsToDouble))
                .filter(Double::isFinite)
                .map(DoubleNode::valueOf),
            Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE),
            Arbitraries.just(NullNode.getInstance())));
  }
}
