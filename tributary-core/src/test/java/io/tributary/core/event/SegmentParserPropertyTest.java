package io.tributary.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.testing.Gen;
import io.tributary.core.testing.Generated;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/**
 * The {@link ParserInvariants} over generated input, in every build: the Jazzer fuzz test only
 * replays its seeds unless asked to fuzz. Also what valid input must always give.
 */
class SegmentParserPropertyTest {

  private static final Instant RECEIVED_AT = Instant.parse("2024-05-01T12:00:00Z");

  private final SegmentParser parser = new SegmentParser(4096, () -> "generated");

  @Test
  void shouldAnswerAnyJsonWithAResult() {
    Generated.forAll(
        300,
        JsonGenerators.values(3),
        message -> ParserInvariants.check(parser, message, RECEIVED_AT));
  }

  @Test
  void shouldAnswerSegmentShapedMessagesWithAResult() {
    Generated.forAll(
        500,
        SegmentGenerators.messages(),
        message -> ParserInvariants.check(parser, message, RECEIVED_AT));
  }

  @Test
  void shouldAnswerSegmentShapedBatchesWithAResult() {
    Generated.forAll(
        100,
        SegmentGenerators.batches(),
        body -> ParserInvariants.check(parser, body, RECEIVED_AT));
  }

  @Test
  void shouldAcceptAnyIdentifyWithAnIdAndObjectTraits() {
    Generated.forAll(
        200,
        nonBlankIds(),
        JsonGenerators.objects(2),
        (userId, traits) -> {
          // given
          ObjectNode message = JsonNodeFactory.instance.objectNode();
          message.put("userId", userId);
          message.set("traits", traits);

          // when
          var result = parser.parse(message, EventType.IDENTIFY, "source", RECEIVED_AT);

          // then
          assertThat(result).isInstanceOf(ParseResult.Accepted.class);
          Event event = ((ParseResult.Accepted) result).event();
          assertThat(event.userId()).isEqualTo(userId);
          assertThat(event.traits()).isEqualTo(traits);
        });
  }

  @Test
  void shouldKeepTheGapBetweenEventAndSendingWhenCorrectingSkew() {
    Generated.forAll(
        500,
        SegmentGenerators.isoDateTimes(),
        SegmentGenerators.isoDateTimes(),
        (timestamp, sentAt) -> {
          // given
          ObjectNode message = JsonNodeFactory.instance.objectNode();
          message.put("anonymousId", "anon-7");
          message.put("timestamp", timestamp);
          message.put("sentAt", sentAt);

          // when
          var result = parser.parse(message, EventType.PAGE, "source", RECEIVED_AT);

          // then
          assertThat(result).isInstanceOf(ParseResult.Accepted.class);
          Event event = ((ParseResult.Accepted) result).event();
          assertThat(Duration.between(event.timestamp(), event.receivedAt()))
              .isEqualTo(Duration.between(event.originalTimestamp(), event.sentAt()));
          assertThat(event.originalTimestamp())
              .isEqualTo(OffsetDateTime.parse(timestamp).toInstant());
        });
  }

  /** Valid ids: not blank, at most 1024 characters, no NUL. */
  private static Gen<String> nonBlankIds() {
    return Gen.strings(1, 1024).filter(id -> !id.isBlank() && id.indexOf('\u0000') < 0);
  }
}
