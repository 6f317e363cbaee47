package io.tributary.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.testing.Generated;
import java.nio.charset.StandardCharsets;
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

  @Test
  void shouldWriteTheSameBytesAsJacksonWritesTheEventsTree() {
    Generated.forAll(
        500,
        EventGenerators.events(),
        event -> {
          // when
          byte[] encoded = EventCodec.encode(event);

          // then: the codec walks the trees itself, byte for byte as Jackson would write them
          byte[] jackson = JSON.writeValueAsBytes(EventCodec.toJson(event));
          assertThat(encoded)
              .as(() -> new String(encoded, StandardCharsets.UTF_8) + "\n" + new String(jackson, StandardCharsets.UTF_8))
              .isEqualTo(jackson);
        });
  }
}
