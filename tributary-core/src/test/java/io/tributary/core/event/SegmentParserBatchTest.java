package io.tributary.core.event;

import static io.tributary.core.event.SegmentFixtures.RECEIVED_AT;
import static io.tributary.core.event.SegmentFixtures.SOURCE;
import static io.tributary.core.event.SegmentFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /v1/batch}: items judged one by one, batch-level fields shared. */
class SegmentParserBatchTest {

  private final SegmentParser parser = SegmentFixtures.parser();

  @Test
  void shouldKeepValidItemsAndReportInvalidOnesByIndex() {
    // given
    var body =
        json(
            """
            {"batch": [
              {"type": "identify", "userId": "ada-example", "traits": {"name": "Ada Example"}},
              {"type": "track", "userId": "ada-example"},
              {"type": "track", "userId": "ada-example", "event": "Order Completed"},
              "not a message",
              {"userId": "bob-example"},
              {"type": "alias", "userId": "ada-example", "previousId": "anon-7"}
            ]}
            """);

    // when
    BatchResult result = parser.parseBatch(body, SOURCE, RECEIVED_AT);

    // then
    assertThat(result.batchErrors()).isEmpty();
    assertThat(result.accepted())
        .extracting(BatchResult.AcceptedItem::index, item -> item.event().type())
        .containsExactly(
            tuple(0, EventType.IDENTIFY), tuple(2, EventType.TRACK), tuple(5, EventType.ALIAS));
    assertThat(result.rejected())
        .extracting(BatchResult.RejectedItem::index)
        .containsExactly(1, 3, 4);
    assertThat(result.rejected().get(0).errors())
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("event", "required"));
    assertThat(result.rejected().get(1).errors())
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("$", "type:object"));
    assertThat(result.rejected().get(2).errors())
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("type", "required"));
  }

  @Test
  void shouldRejectItemWithUnknownTypeAndStillReportItsOtherErrors() {
    // given
    var body = json("{\"batch\": [{\"type\": \"purchase\", \"timestamp\": \"soon\"}]}");

    // when
    BatchResult result = parser.parseBatch(body, SOURCE, RECEIVED_AT);

    // then
    assertThat(result.accepted()).isEmpty();
    assertThat(result.rejected().getFirst().errors())
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(
            tuple("type", "one-of:track|identify|page|screen|group|alias"),
            tuple("userId", "required"),
            tuple("timestamp", "format:iso-8601"));
  }

  @Test
  void shouldMergeBatchContextAndIntegrationsIntoEachItem() {
    // given
    var body =
        json(
            """
            {"batch": [
               {"type": "identify", "userId": "ada-example",
                "context": {"ip": "192.0.2.1", "locale": "en-GB"},
                "integrations": {"Mixpanel": true}},
               {"type": "identify", "userId": "bob-example"}
             ],
             "context": {"library": {"name": "analytics-java"}, "locale": "de-DE"},
             "integrations": {"All": false, "Mixpanel": false}}
            """);

    // when
    BatchResult result = parser.parseBatch(body, SOURCE, RECEIVED_AT);

    // then
    Event first = result.accepted().get(0).event();
    Event second = result.accepted().get(1).event();
    assertThat(first.context())
        .isEqualTo(
            json(
                """
                {"library": {"name": "analytics-java"}, "locale": "en-GB", "ip": "192.0.2.1"}
                """));
    assertThat(first.integrations()).isEqualTo(json("{\"All\": false, \"Mixpanel\": true}"));
    assertThat(second.context())
        .isEqualTo(json("{\"library\": {\"name\": \"analytics-java\"}, \"locale\": \"de-DE\"}"));
    assertThat(second.integrations()).isEqualTo(json("{\"All\": false, \"Mixpanel\": false}"));
  }

  @Test
  void shouldReplaceBatchContextKeysWholeWithTheItemsOwn() {
    // given
    var body =
        json(
            """
            {"batch": [{"type": "identify", "userId": "ada-example",
                        "context": {"device": {"id": "device-1"}}}],
             "context": {"device": {"type": "phone", "model": "Example 9"}}}
            """);

    // when
    BatchResult result = parser.parseBatch(body, SOURCE, RECEIVED_AT);

    // then
    assertThat(result.accepted().getFirst().event().context())
        .isEqualTo(json("{\"device\": {\"id\": \"device-1\"}}"));
  }

  @Test
  void shouldApplyBatchSentAtToItemsWithoutTheirOwn() {
    // given: the device clock is one hour behind
    var body =
        json(
            """
            {"batch": [
               {"type": "track", "userId": "ada-example", "event": "Added to Cart",
                "timestamp": "2024-05-01T10:59:00Z"},
               {"type": "track", "userId": "ada-example", "event": "Order Completed",
                "timestamp": "2024-05-01T10:59:30Z", "sentAt": "2024-05-01T11:00:10Z"}
             ],
             "sentAt": "2024-05-01T11:00:00Z"}
            """);

    // when
    BatchResult result = parser.parseBatch(body, SOURCE, RECEIVED_AT);

    // then
    Event first = result.accepted().get(0).event();
    Event second = result.accepted().get(1).event();
    assertThat(first.sentAt()).isEqualTo(Instant.parse("2024-05-01T11:00:00Z"));
    assertThat(first.timestamp()).isEqualTo(Instant.parse("2024-05-01T11:59:00Z"));
    assertThat(second.sentAt()).isEqualTo(Instant.parse("2024-05-01T11:00:10Z"));
    assertThat(second.timestamp()).isEqualTo(Instant.parse("2024-05-01T11:59:20Z"));
  }

  @Test
  void shouldRejectItemsLargerThanTheLimitByIndex() {
    // given
    var smallParser = new SegmentParser(200, () -> "generated");
    var body =
        json(
            "{\"batch\": [{\"type\": \"identify\", \"userId\": \"ada-example\"},"
                + " {\"type\": \"identify\", \"userId\": \"bob-example\", \"traits\": {\"bio\": \""
                + "x".repeat(200)
                + "\"}}]}");

    // when
    BatchResult result = smallParser.parseBatch(body, SOURCE, RECEIVED_AT);

    // then
    assertThat(result.accepted()).extracting(BatchResult.AcceptedItem::index).containsExactly(0);
    assertThat(result.rejected()).hasSize(1);
    assertThat(result.rejected().getFirst().index()).isEqualTo(1);
    assertThat(result.rejected().getFirst().errors())
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("$", "max-size:200"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[]                                              | $            | type:object",
        "{}                                              | batch        | required",
        "{\"batch\": null}                               | batch        | required",
        "{\"batch\": {\"type\": \"track\"}}              | batch        | type:array",
        "{\"batch\": []}                                 | batch        | min-items:1",
        "{\"batch\": [{}], \"context\": []}              | context      | type:object",
        "{\"batch\": [{}], \"integrations\": 1}          | integrations | type:object",
        "{\"batch\": [{}], \"sentAt\": \"now\"}          | sentAt       | format:iso-8601"
      })
  void shouldRefuseInvalidBatchBodyAsAWhole(String body, String field, String rule) {
    // when
    BatchResult result = parser.parseBatch(json(body), SOURCE, RECEIVED_AT);

    // then
    assertThat(result.batchErrors())
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple(field, rule));
    assertThat(result.accepted()).isEmpty();
    assertThat(result.rejected()).isEmpty();
  }
}
