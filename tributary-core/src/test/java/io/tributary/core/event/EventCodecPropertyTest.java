package io.tributary.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.testing.Generated;
import org.junit.jupiter.api.Test;

/**
 * The codec keeps every event exactly, whatever it holds. The generators weigh the extremes in
 * themselves.
 */
class EventCodecPropertyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldDecodeExactlyWhatItEncoded() {
    Generated.forAll(
        500,
        EventGenerators.events(),
        event -> {
          // when
          Event decoded = EventCodec.decode(EventCodec.encode(event));

          // then
          assertThat(decoded).isEqualTo(event);
        });
  }

  @Test
  void shouldGiveTheSameShapeAsTreeAndAsBytes() {
    Generated.forAll(
        500,
        EventGenerators.events(),
        event -> {
          // when
          var tree = EventCodec.toJson(event);

          // then
          assertThat(tree).isEqualTo(JSON.readTree(EventCodec.encode(event)));
        });
  }
}
