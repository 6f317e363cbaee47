package io.tributary.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The {@link ParserInvariants} over generated input, in every build: the Jazzer fuzz test only
 * replays its seeds unless asked to fuzz. Also what valid input must always give.
 */
class SegmentParserPropertyTest {

  private static final Instant RECEIVED_AT = Instant.parse("2024-05-01T12:00:00Z");

  private final SegmentParser parser = new SegmentParser(4096, () -> "generated");

  @Property(tries = 300)
  void shouldAnswerAnyJsonWithAResult(@ForAll("anyJson") JsonNode message) {
    ParserInvariants.check(parser, message, RECEIVED_AT);
  }

  @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
  void shouldAnswerSegmentShapedMessagesWithAResult(@ForAll("messages") ObjectNode message) {
    ParserInvariants.check(parser, message, RECEIVED_AT);
  }

  @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
  void shouldAnswerSegmentShapedBatchesWithAResult(@ForAll("batches") ObjectNode body) {
    ParserInvariants.check(parser, body, RECEIVED_AT);
  }

  @Property(tries = 200)
  void shouldAcceptAnyIdentifyWithAnIdAndObjectTraits(
      @ForAll("nonBlankIds") String userId, @ForAll("traits") ObjectNode traits) {
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
  }

  @Property(tries = 500)
  void shouldKeepTheGapBetweenEventAndSendingWhenCorrectingSkew(
      @ForAll("isoDateTimes") String timestamp, @ForAll("isoDateTimes") String sentAt) {
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
    assertThat(event.originalTimestamp()).isEqualTo(OffsetDateTime.parse(timestamp).toInstant());
  }

  @Provide
  Arbitrary<JsonNode> anyJson() {
    return JsonArbitraries.values(3);
  }

  @Provide
  Arbitrary<ObjectNode> messages() {
    return SegmentArbitraries.messages();
  }

  @Provide
  Arbitrary<ObjectNode> batches() {
    return SegmentArbitraries.batches();
  }

  @Provide
  Arbitrary<String> nonBlankIds() {
    return Arbitraries.strings().ofMinLength(1).ofMaxLength(1024).filter(id -> !id.isBlank());
  }

  @Provide
  Arbitrary<ObjectNode> traits() {
    return JsonArbitraries.objects(2);
  }

  @Provide
  Arbitrary<String> isoDateTimes() {
    return SegmentArbitraries.isoDateTimes();
  }
}
