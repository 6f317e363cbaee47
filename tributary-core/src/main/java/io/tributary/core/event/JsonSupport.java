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
