package io.tributary.core.event;

import static io.tributary.core.event.SegmentFixtures.RECEIVED_AT;
import static io.tributary.core.event.SegmentFixtures.SOURCE;
import static io.tributary.core.event.SegmentFixtures.accepted;
import static io.tributary.core.event.SegmentFixtures.json;
import static io.tributary.core.event.SegmentFixtures.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Segment's four timestamps and the clock-skew correction. */
class SegmentParserTimestampTest {

  private final SegmentParser parser = SegmentFixtures.parser();

  @Test
  void shouldCorrectClockSkewWhenTimestampAndSentAtAreGiven() {
    // given: the device's clock is 1 h 5 min behind; the event happened 3 s before sending
    var message =
        json(
            """
            {"userId": "ada-example", "event": "Order Completed",
             "timestamp": "2024-05-01T10:54:57Z", "sentAt": "2024-05-01T10:55:00Z"}
            """);

    // when
    Event event = accepted(parser.parse(message, EventType.TRACK, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.timestamp()).isEqualTo(Instant.parse("2024-05-01T11:59:57Z"));
    assertThat(event.originalTimestamp()).isEqualTo(Instant.parse("2024-05-01T10:54:57Z"));
    assertThat(event.sentAt()).isEqualTo(Instant.parse("2024-05-01T10:55:00Z"));
    assertThat(event.receivedAt()).isEqualTo(RECEIVED_AT);
  }

  @Test
  void shouldCorrectClockSkewToTheNanosecond() {
    // given: a device clock running ahead of the hub's
    var message =
        json(
            """
            {"userId": "ada-example", "event": "Order Completed",
             "timestamp": "2024-05-01T12:10:00.000000001Z",
             "sentAt": "2024-05-01T12:10:00.5Z"}
            """);

    // when
    Event event = accepted(parser.parse(message, EventType.TRACK, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.timestamp()).isEqualTo(Instant.parse("2024-05-01T11:59:59.500000001Z"));
  }

  @Test
  void shouldUseTimestampAsIsWithoutSentAt() {
    // given: a historical import
    var message =
        json("{\"userId\": \"ada-example\", \"timestamp\": \"2012-12-02T00:30:08.276Z\"}");

    // when
    Event event = accepted(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.timestamp()).isEqualTo(Instant.parse("2012-12-02T00:30:08.276Z"));
    assertThat(event.originalTimestamp()).isEqualTo(event.timestamp());
    assertThat(event.sentAt()).isNull();
  }

  @Test
  void shouldUseReceivedAtWhenNoTimestampIsGiven() {
    // given
    var message = json("{\"userId\": \"ada-example\"}");

    // when
    Event event = accepted(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.timestamp()).isEqualTo(RECEIVED_AT);
    assertThat(event.originalTimestamp()).isNull();
    assertThat(event.sentAt()).isNull();
  }

  @Test
  void shouldUseReceivedAtWhenOnlySentAtIsGiven() {
    // given
    var message = json("{\"userId\": \"ada-example\", \"sentAt\": \"2024-05-01T09:00:00Z\"}");

    // when
    Event event = accepted(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.timestamp()).isEqualTo(RECEIVED_AT);
    assertThat(event.originalTimestamp()).isNull();
    assertThat(event.sentAt()).isEqualTo(Instant.parse("2024-05-01T09:00:00Z"));
  }

  @Test
  void shouldTakeOriginalTimestampAsTheSendersTimeWhenTimestampIsAbsent() {
    // given
    var message =
        json(
            """
            {"userId": "ada-example", "originalTimestamp": "2024-05-01T10:59:50Z",
             "sentAt": "2024-05-01T11:00:00Z"}
            """);

    // when
    Event event = accepted(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.timestamp()).isEqualTo(Instant.parse("2024-05-01T11:59:50Z"));
    assertThat(event.originalTimestamp()).isEqualTo(Instant.parse("2024-05-01T10:59:50Z"));
  }

  @Test
  void shouldPreferTimestampOverOriginalTimestamp() {
    // given
    var message =
        json(
            """
            {"userId": "ada-example", "timestamp": "2024-05-01T08:00:00Z",
             "originalTimestamp": "2024-05-01T07:00:00Z"}
            """);

    // when
    Event event = accepted(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.timestamp()).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
    assertThat(event.originalTimestamp()).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
  }

  @ParameterizedTest
  @CsvSource({
    "2024-05-01T12:30:00Z,              2024-05-01T12:30:00Z",
    "2024-05-01T12:30:00.123Z,          2024-05-01T12:30:00.123Z",
    "2024-05-01T12:30:00.1234567Z,      2024-05-01T12:30:00.1234567Z",
    "2024-05-01T12:30:00.123456789Z,    2024-05-01T12:30:00.123456789Z",
    "2024-05-01T14:30:00+02:00,         2024-05-01T12:30:00Z",
    "2024-05-01T07:00:00.5-05:30,       2024-05-01T12:30:00.5Z",
    "2024-05-01t12:30:00z,              2024-05-01T12:30:00Z",
    "2024-05-01T12:30Z,                 2024-05-01T12:30:00Z"
  })
  void shouldAcceptIso8601DateTimesWithOffsets(String given, String expected) {
    // given
    var message = json("{\"userId\": \"ada-example\", \"timestamp\": \"" + given + "\"}");

    // when
    Event event = accepted(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.timestamp()).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-05-01T12:30:00",
        "2024-05-01",
        "2024-05-01 12:30:00Z",
        "2024-02-30T12:30:00Z",
        "2024-05-01T23:59:60Z",
        "+12024-05-01T12:30:00Z",
        "2024-W18-3T12:30:00Z",
        "1714566600000",
        ""
      })
  void shouldRejectOtherTimestampFormats(String given) {
    // given
    var message = json("{\"userId\": \"ada-example\", \"timestamp\": \"" + given + "\"}");

    // when
    var errors = rejected(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("timestamp", "format:iso-8601"));
  }

  @Test
  void shouldRejectTimestampsThatAreNotStrings() {
    // given: epoch milliseconds
    var message =
        json(
            """
            {"userId": "ada-example", "timestamp": 1714566600000,
             "sentAt": {}, "originalTimestamp": true}
            """);

    // when
    var errors = rejected(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(
            tuple("timestamp", "type:string"),
            tuple("originalTimestamp", "type:string"),
            tuple("sentAt", "type:string"));
  }
}
