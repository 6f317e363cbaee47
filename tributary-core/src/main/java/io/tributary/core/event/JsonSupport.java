package io.tributary.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration of the event package. Mappers, readers and writers are thread-safe
 * once built, and building them is expensive, so they are shared.
 *
 * <p>The configuration is Jackson's default, on purpose: trees that anyone parses with a default
 * {@code ObjectMapper} have the same node types as the trees {@link EventCodec#decode} builds,
 * which is what makes {@code decode(encode(e))} equal {@code e}.
 */
final class JsonSupport {

  static final ObjectMapper MAPPER = JsonMapper.builder().build();
  static final ObjectReader READER = MAPPER.reader();
  static final ObjectWriter WRITER = MAPPER.writer();

  private JsonSupport() {}

  /**
   * Whether {@code node} takes at most {@code limit} bytes as compact UTF-8 JSON, as {@link
   * #serializedSize} counts them. A bound computed from the tree's shape answers most questions
   * without writing anything (writing every message once just to count it was 16 % of ingest's
   * CPU); only a message whose bound passes the limit is counted exactly.
   */
  static boolean fitsIn(JsonNode node, int limit) {
    long bound = sizeBound(node, limit);
    return bound <= limit || serializedSize(node) <= limit;
  }

  /**
   * An upper bound of the bytes {@code node} takes as compact UTF-8 JSON; any value above {@code
   * limit} once it is known to exceed it, or for nodes whose text length is not bounded cheaply.
   * A string takes at most 6 bytes per UTF-16 unit (an escaped control character) plus its quotes.
   */
  private static long sizeBound(JsonNode node, long limit) {
    return switch (node.getNodeType()) {
      case OBJECT -> {
        long size = 2 + Math.max(0, node.size() - 1);
        for (var it = node.fields(); it.hasNext() && size <= limit; ) {
          var field = it.next();
          size += stringBound(field.getKey()) + 1 + sizeBound(field.getValue(), limit - size);
        }
        yield size;
      }
      case ARRAY -> {
        long size = 2 + Math.max(0, node.size() - 1);
        for (int i = 0; i < node.size() && size <= limit; i++) {
          size += sizeBound(node.get(i), limit - size);
        }
        yield size;
      }
      case STRING -> stringBound(node.textValue());
      case BOOLEAN -> 5;
      case NULL, MISSING -> 4;
      case NUMBER -> switch (node.numberType()) {
        case INT, LONG -> 20;
        case FLOAT, DOUBLE -> 26;
        default -> Long.MAX_VALUE / 4; // big numbers: count exactly
      };
      default -> Long.MAX_VALUE / 4; // binary, POJO: count exactly
    };
  }

  private static long stringBound(String s) {
    return 2 + 6L * s.length();
  }

  /** The number of bytes {@code node} takes as compact UTF-8 JSON. */
  static int serializedSize(JsonNode node) {
    CountingOutputStream counter = new CountingOutputStream();
    try {
      WRITER.writeValue(counter, node);
    } catch (IOException e) {
      throw new UncheckedIOException("Counting bytes cannot fail, but it did", e);
    }
    return counter.count > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) counter.count;
  }

  /** Counts what is written and keeps nothing. */
  private static final class CountingOutputStream extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
