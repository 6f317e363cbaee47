package io.tributary.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The codec keeps every event exactly, whatever it holds. Edge cases are off because their
 * combinations over eighteen fields take longer to enumerate than the tries take to run; the
 * generators weigh the extremes in themselves.
 */
class EventCodecPropertyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
  void shouldDecodeExactlyWhatItEncoded(@ForAll("events") Event event) {
    // when
    Event decoded = EventCodec.decode(EventCodec.encode(event));

    // then
    assertThat(decoded).isEqualTo(event);
  }

  @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
  void shouldGiveTheSameShapeAsTreeAndAsBytes(@ForAll("events") Event event) throws IOException {
    // when
    var tree = EventCodec.toJson(event);

    // then
    assertThat(tree).isEqualTo(JSON.readTree(EventCodec.encode(event)));
  }

  @Provide
  Arbitrary<Event> events() {
    return EventArbitraries.events();
  }
}
