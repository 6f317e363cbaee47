package io.tributary.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An emoji in a property name once made the stored event undecodable (Jackson 2.21.1,
 * jackson-core issue 1541): accepted, acknowledged, and then skipped by the processor.
 */
class EmojiKeyRegressionTest {
  @Test
  void shouldReadBackAnEventWithAnEmojiInAPropertyName() throws Exception {
    // given: what a client sends, as UTF-8
    byte[] body =
        "{\"userId\":\"u-1\",\"event\":\"Reacted\",\"properties\":{\"\uD83D\uDE00\":1,\"caf\u00e9\":\"\uD83C\uDF70\"}}"
            .getBytes(StandardCharsets.UTF_8);
    var parsed =
        new SegmentParser(1 << 15, () -> "m-1")
            .parse(new ObjectMapper().readTree(body), EventType.TRACK, "web", Instant.parse("2026-11-23T10:00:00Z"));
    Event event = ((ParseResult.Accepted) parsed).event();
    // when
    Event decoded = EventCodec.decode(EventCodec.encode(event));
    // then
    assertThat(decoded).isEqualTo(event);
    assertThat(decoded.properties().path("\uD83D\uDE00").asInt()).isEqualTo(1);
  }
}
