package io.tributary.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared test data for the parser tests: synthetic people only. */
final class SegmentFixtures {

  static final Instant RECEIVED_AT = Instant.parse("2024-05-01T12:00:00Z");
  static final String SOURCE = "source-web-shop";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SegmentFixtures() {}

  /** A parser with the server's size limit whose generated message ids are generated-1, -2, ... */
  static SegmentParser parser() {
    AtomicInteger next = new AtomicInteger();
    return new SegmentParser(
        SegmentParser.DEFAULT_MAX_EVENT_BYTES, () -> "generated-" + next.incrementAndGet());
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Test JSON does not parse: " + text, e);
    }
  }

  /** The accepted event; fails the test, listing the errors, when the message was rejected. */
  static Event accepted(ParseResult result) {
    assertThat(result).isInstanceOf(ParseResult.Accepted.class);
    return ((ParseResult.Accepted) result).event();
  }

  /** The errors; fails the test when the message was accepted. */
  static List<FieldError> rejected(ParseResult result) {
    assertThat(result).isInstanceOf(ParseResult.Rejected.class);
    return ((ParseResult.Rejected) result).errors();
  }
}
