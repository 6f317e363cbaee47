package io.tributary.core.event;

import static io.tributary.core.event.SegmentFixtures.RECEIVED_AT;
import static io.tributary.core.event.SegmentFixtures.SOURCE;
import static io.tributary.core.event.SegmentFixtures.accepted;
import static io.tributary.core.event.SegmentFixtures.json;
import static io.tributary.core.event.SegmentFixtures.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fields every message type shares: identities, message id, objects, size, ignored fields. */
class SegmentParserCommonFieldsTest {

  private final SegmentParser parser = SegmentFixtures.parser();

  @Test
  void shouldRejectMessageThatIsNotAnObject() {
    // given
    var message = json("[{\"userId\": \"ada-example\"}]");

    // when
    var errors = rejected(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("$", "type:object"));
    assertThat(errors.getFirst().message()).contains("found an array");
  }

  @Test
  void shouldRejectMessageWithNeitherUserIdNorAnonymousId() {
    // given
    var message = json("{\"traits\": {\"name\": \"Ada Example\"}}");

    // when
    var errors = rejected(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("userId", "required"));
  }

  @Test
  void shouldTreatBlankAndNullIdsAsAbsent() {
    // given
    var message = json("{\"userId\": \" \", \"anonymousId\": null}");

    // when
    var errors = rejected(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("userId", "required"));
  }

  @Test
  void shouldAcceptAnonymousIdAlone() {
    // given
    var message = json("{\"anonymousId\": \"anon-7\", \"userId\": \"\"}");

    // when
    Event event = accepted(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.anonymousId()).isEqualTo("anon-7");
    assertThat(event.userId()).isNull();
  }

  @Test
  void shouldConvertIntegerIdsToTheirDecimalForm() {
    // given
    var message = json("{\"userId\": 12345678901234567890123, \"anonymousId\": -17}");

    // when
    Event event = accepted(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.userId()).isEqualTo("12345678901234567890123");
    assertThat(event.anonymousId()).isEqualTo("-17");
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "1.5", "{}", "[\"ada-example\"]"})
  void shouldRejectIdsThatAreNeitherStringNorInteger(String value) {
    // given
    var message = json("{\"userId\": " + value + "}");

    // when
    var errors = rejected(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("userId", "type:string"));
  }

  @Test
  void shouldRejectIdsLongerThan1024Characters() {
    // given: 1024 characters outside the Basic Multilingual Plane are 2048 chars in Java
    var longest = "\uD83D\uDE00".repeat(1024);
    var message =
        json("{\"userId\": \"" + longest + "\", \"anonymousId\": \"" + "a".repeat(1025) + "\"}");

    // when
    var errors = rejected(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("anonymousId", "max-length:1024"));
    assertThat(errors.getFirst().message()).contains("at most 1024", "found 1025");
  }

  @Test
  void shouldRejectANulCharacterInIdsAndNames() {
    // given: JSON may carry U+0000 escaped; no id or name means anything with it
    var message = json("{\"userId\": \"u-1\\u0000\", \"event\": \"Order\\u0000Completed\", \"anonymousId\": \"a-1\"}");

    // when
    var errors = rejected(parser.parse(message, EventType.TRACK, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactlyInAnyOrder(tuple("userId", "no-nul"), tuple("event", "no-nul"));
  }

  @Test
  void shouldReportEveryErrorOfAMessage() {
    // given
    var message =
        json(
            """
            {"userId": true, "event": "", "properties": [], "context": 1,
             "integrations": "all", "timestamp": "yesterday", "messageId": 5}
            """);

    // when
    var errors = rejected(parser.parse(message, EventType.TRACK, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactlyInAnyOrder(
            tuple("userId", "type:string"),
            tuple("messageId", "type:string"),
            tuple("event", "required"),
            tuple("properties", "type:object"),
            tuple("context", "type:object"),
            tuple("integrations", "type:object"),
            tuple("timestamp", "format:iso-8601"));
  }

  @Test
  void shouldNeverEchoValuesInErrorMessages() {
    // given
    var message =
        json(
            """
            {"userId": {"email": "ada@example.com"}, "anonymousId": ["Ada Example"],
             "timestamp": "Ada Example's birthday", "context": "ada@example.com"}
            """);

    // when
    var errors = rejected(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors).hasSize(4);
    assertThat(errors)
        .allSatisfy(
            error -> assertThat(error.message()).doesNotContain("ada@example.com", "Ada Example"));
  }

  @Test
  void shouldKeepTheSendersMessageId() {
    // given
    var message = json("{\"userId\": \"ada-example\", \"messageId\": \"msg-0001\"}");

    // when
    Event event = accepted(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.messageId()).isEqualTo("msg-0001");
  }

  @Test
  void shouldGenerateAMessageIdWhenAbsentOrBlank() {
    // given
    var absent = json("{\"userId\": \"ada-example\"}");
    var blank = json("{\"userId\": \"ada-example\", \"messageId\": \"\"}");

    // when
    Event first = accepted(parser.parse(absent, EventType.IDENTIFY, SOURCE, RECEIVED_AT));
    Event second = accepted(parser.parse(blank, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(first.messageId()).isEqualTo("generated-1");
    assertThat(second.messageId()).isEqualTo("generated-2");
  }

  @Test
  void shouldGenerateTimeOrderedUuidsByDefault() {
    // given
    var clock = InstantSource.fixed(Instant.parse("2024-05-01T12:00:00.123Z"));
    var defaultParser = new SegmentParser(clock, SegmentParser.DEFAULT_MAX_EVENT_BYTES);
    var message = json("{\"userId\": \"ada-example\"}");

    // when
    Event event = accepted(defaultParser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    UUID id = UUID.fromString(event.messageId());
    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(clock.millis());
  }

  @Test
  void shouldRejectMessageIdThatIsNotAStringOrTooLong() {
    // given
    var number = json("{\"userId\": \"ada-example\", \"messageId\": 17}");
    var tooLong =
        json("{\"userId\": \"ada-example\", \"messageId\": \"" + "m".repeat(1025) + "\"}");

    // when
    var numberErrors = rejected(parser.parse(number, EventType.IDENTIFY, SOURCE, RECEIVED_AT));
    var tooLongErrors = rejected(parser.parse(tooLong, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(numberErrors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("messageId", "type:string"));
    assertThat(tooLongErrors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("messageId", "max-length:1024"));
  }

  @Test
  void shouldTurnMissingOrNullObjectsIntoEmptyOnes() {
    // given
    var message =
        json("{\"userId\": \"ada-example\", \"event\": \"Signed Up\", \"context\": null}");

    // when
    Event event = accepted(parser.parse(message, EventType.TRACK, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.properties()).isEmpty();
    assertThat(event.traits()).isEmpty();
    assertThat(event.context()).isEmpty();
    assertThat(event.integrations()).isEmpty();
  }

  @Test
  void shouldKeepContextAndIntegrations() {
    // given
    var message =
        json(
            """
            {"userId": "ada-example",
             "context": {"ip": "192.0.2.1", "traits": {"email": "ada@example.com"}},
             "integrations": {"All": false, "Mixpanel": true}}
            """);

    // when
    Event event = accepted(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.context())
        .isEqualTo(json("{\"ip\": \"192.0.2.1\", \"traits\": {\"email\": \"ada@example.com\"}}"));
    assertThat(event.integrations()).isEqualTo(json("{\"All\": false, \"Mixpanel\": true}"));
  }

  @Test
  void shouldRejectContextTraitsThatAreNotAnObject() {
    // given
    var message = json("{\"userId\": \"ada-example\", \"context\": {\"traits\": \"Ada\"}}");

    // when
    var errors = rejected(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("context.traits", "type:object"));
  }

  @Test
  void shouldRejectNumbersBeyondTheRangeOfADouble() {
    // given
    var message =
        json(
            """
            {"userId": "ada-example", "event": "Order Completed",
             "properties": {"total": 1e400, "items": [{"price": 1.5}, {"price": -1e999}]}}
            """);

    // when
    var errors = rejected(parser.parse(message, EventType.TRACK, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(
            tuple("properties.total", "finite-number"),
            tuple("properties.items[1].price", "finite-number"));
  }

  @Test
  void shouldRejectMessageOneByteLargerThanTheLimit() {
    // given
    var message =
        json("{\"userId\": \"ada-example\", \"traits\": {\"bio\": \"Writes examples.\"}}");
    int size = compactSize(message);
    var smallParser = new SegmentParser(size - 1, () -> "generated");

    // when
    var errors = rejected(smallParser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("$", "max-size:" + (size - 1)));
    assertThat(errors.getFirst().message()).contains("it takes " + size);
  }

  @Test
  void shouldAcceptMessageOfExactlyTheLimit() {
    // given
    var message =
        json("{\"userId\": \"ada-example\", \"traits\": {\"bio\": \"Writes examples.\"}}");
    var exactParser = new SegmentParser(compactSize(message), () -> "generated");

    // when
    var result = exactParser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT);

    // then
    assertThat(result).isInstanceOf(ParseResult.Accepted.class);
  }

  @Test
  void shouldNeverStoreTheWriteKey() {
    // given
    var message =
        json(
            "{\"userId\": \"ada-example\", \"writeKey\": \"wk-secret-123\", \"event\": \"Signed"
                + " Up\"}");

    // when
    Event event = accepted(parser.parse(message, EventType.TRACK, SOURCE, RECEIVED_AT));

    // then
    assertThat(new String(EventCodec.encode(event), StandardCharsets.UTF_8))
        .doesNotContain("writeKey", "wk-secret-123");
  }

  @Test
  void shouldIgnoreUnknownFieldsAndReceivedAtSentByClients() {
    // given
    var message =
        json(
            """
            {"userId": "ada-example", "receivedAt": "2000-01-01T00:00:00Z",
             "version": 2, "channel": "server", "sourceId": "spoofed"}
            """);

    // when
    Event event = accepted(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.receivedAt()).isEqualTo(RECEIVED_AT);
    assertThat(event.sourceId()).isEqualTo(SOURCE);
  }

  @Test
  void shouldRefuseNonPositiveSizeLimit() {
    // when / then
    assertThatThrownBy(() -> new SegmentParser(0, () -> "id"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEventBytes");
  }

  @Test
  void shouldShareNothingBetweenEmptyObjectsOfDifferentEvents() {
    // given
    var message = json("{\"userId\": \"ada-example\"}");
    Event first = accepted(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // when
    ObjectNode firstProperties = first.properties();
    firstProperties.set("changed", JsonNodeFactory.instance.booleanNode(true));
    Event second = accepted(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(second.properties()).isEmpty();
  }

  private static int compactSize(JsonNode message) {
    return message.toString().getBytes(StandardCharsets.UTF_8).length;
  }
}
