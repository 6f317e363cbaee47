package io.tributary.core.event;

import static io.tributary.core.event.SegmentFixtures.RECEIVED_AT;
import static io.tributary.core.event.SegmentFixtures.SOURCE;
import static io.tributary.core.event.SegmentFixtures.accepted;
import static io.tributary.core.event.SegmentFixtures.json;
import static io.tributary.core.event.SegmentFixtures.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

/** What each of the six message types needs, and what it keeps. */
class SegmentParserTypesTest {

  private final SegmentParser parser = SegmentFixtures.parser();

  @Test
  void shouldAcceptTrackWithEventNameAndProperties() {
    // given
    var message =
        json(
            """
            {"userId": "ada-example", "event": "Order Completed",
             "properties": {"revenue": 14.99, "currency": "EUR"}}
            """);

    // when
    Event event = accepted(parser.parse(message, EventType.TRACK, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.type()).isEqualTo(EventType.TRACK);
    assertThat(event.event()).isEqualTo("Order Completed");
    assertThat(event.properties()).isEqualTo(json("{\"revenue\": 14.99, \"currency\": \"EUR\"}"));
    assertThat(event.countName()).isEqualTo("Order Completed");
  }

  @Test
  void shouldRejectTrackWithoutEventName() {
    // given
    var message = json("{\"userId\": \"ada-example\", \"properties\": {}}");

    // when
    var errors = rejected(parser.parse(message, EventType.TRACK, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("event", "required"));
  }

  @Test
  void shouldRejectTrackWithBlankEventName() {
    // given
    var message = json("{\"userId\": \"ada-example\", \"event\": \"  \"}");

    // when
    var errors = rejected(parser.parse(message, EventType.TRACK, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("event", "required"));
  }

  @Test
  void shouldRejectTrackWithNonStringEventName() {
    // given
    var message = json("{\"userId\": \"ada-example\", \"event\": 42}");

    // when
    var errors = rejected(parser.parse(message, EventType.TRACK, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("event", "type:string"));
  }

  @Test
  void shouldRejectTrackWithTooLongEventName() {
    // given
    var message = json("{\"userId\": \"ada-example\", \"event\": \"" + "e".repeat(1025) + "\"}");

    // when
    var errors = rejected(parser.parse(message, EventType.TRACK, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("event", "max-length:1024"));
  }

  @Test
  void shouldAcceptIdentifyWithTraits() {
    // given
    var message =
        json(
            """
            {"userId": "ada-example",
             "traits": {"name": "Ada Example", "email": "ada@example.com"}}
            """);

    // when
    Event event = accepted(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.type()).isEqualTo(EventType.IDENTIFY);
    assertThat(event.traits())
        .isEqualTo(json("{\"name\": \"Ada Example\", \"email\": \"ada@example.com\"}"));
    assertThat(event.properties()).isEmpty();
    assertThat(event.event()).isNull();
  }

  @Test
  void shouldRejectIdentifyWithTraitsThatAreNotAnObject() {
    // given
    var message = json("{\"userId\": \"ada-example\", \"traits\": [\"ada@example.com\"]}");

    // when
    var errors = rejected(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("traits", "type:object"));
  }

  @Test
  void shouldAcceptPageWithNameCategoryAndProperties() {
    // given
    var message =
        json(
            """
            {"anonymousId": "anon-7", "name": "Checkout", "category": "Shop",
             "properties": {"path": "/checkout"}}
            """);

    // when
    Event event = accepted(parser.parse(message, EventType.PAGE, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.type()).isEqualTo(EventType.PAGE);
    assertThat(event.name()).isEqualTo("Checkout");
    assertThat(event.category()).isEqualTo("Shop");
    assertThat(event.properties()).isEqualTo(json("{\"path\": \"/checkout\"}"));
  }

  @Test
  void shouldAcceptPageWithoutName() {
    // given
    var message = json("{\"anonymousId\": \"anon-7\"}");

    // when
    Event event = accepted(parser.parse(message, EventType.PAGE, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.name()).isNull();
    assertThat(event.category()).isNull();
  }

  @Test
  void shouldRejectPageWithNonStringNameAndCategory() {
    // given
    var message = json("{\"anonymousId\": \"anon-7\", \"name\": {}, \"category\": true}");

    // when
    var errors = rejected(parser.parse(message, EventType.PAGE, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("name", "type:string"), tuple("category", "type:string"));
  }

  @Test
  void shouldAcceptScreenWithName() {
    // given
    var message =
        json("{\"userId\": \"ada-example\", \"name\": \"Basket\", \"properties\": {\"items\": 2}}");

    // when
    Event event = accepted(parser.parse(message, EventType.SCREEN, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.type()).isEqualTo(EventType.SCREEN);
    assertThat(event.name()).isEqualTo("Basket");
    assertThat(event.properties()).isEqualTo(json("{\"items\": 2}"));
  }

  @Test
  void shouldRejectScreenWithPropertiesThatAreNotAnObject() {
    // given
    var message = json("{\"userId\": \"ada-example\", \"properties\": \"none\"}");

    // when
    var errors = rejected(parser.parse(message, EventType.SCREEN, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("properties", "type:object"));
  }

  @Test
  void shouldAcceptGroupWithStringOrNumericGroupId() {
    // given
    var withString = json("{\"userId\": \"ada-example\", \"groupId\": \"example-ltd\"}");
    var withNumber =
        json("{\"userId\": \"ada-example\", \"groupId\": 4711, \"traits\": {\"employees\": 12}}");

    // when
    Event fromString = accepted(parser.parse(withString, EventType.GROUP, SOURCE, RECEIVED_AT));
    Event fromNumber = accepted(parser.parse(withNumber, EventType.GROUP, SOURCE, RECEIVED_AT));

    // then
    assertThat(fromString.groupId()).isEqualTo("example-ltd");
    assertThat(fromNumber.groupId()).isEqualTo("4711");
    assertThat(fromNumber.traits()).isEqualTo(json("{\"employees\": 12}"));
  }

  @Test
  void shouldRejectGroupWithoutGroupId() {
    // given
    var message = json("{\"userId\": \"ada-example\", \"traits\": {\"employees\": 12}}");

    // when
    var errors = rejected(parser.parse(message, EventType.GROUP, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("groupId", "required"));
  }

  @Test
  void shouldRejectGroupWithFractionalGroupId() {
    // given
    var message = json("{\"userId\": \"ada-example\", \"groupId\": 47.11}");

    // when
    var errors = rejected(parser.parse(message, EventType.GROUP, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("groupId", "type:string"));
  }

  @Test
  void shouldAcceptAliasWithPreviousIdAndUserId() {
    // given
    var message = json("{\"previousId\": \"anon-7\", \"userId\": \"ada-example\"}");

    // when
    Event event = accepted(parser.parse(message, EventType.ALIAS, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.type()).isEqualTo(EventType.ALIAS);
    assertThat(event.previousId()).isEqualTo("anon-7");
    assertThat(event.userId()).isEqualTo("ada-example");
  }

  @Test
  void shouldRejectAliasWithOnlyAnonymousId() {
    // given
    var message = json("{\"anonymousId\": \"anon-7\"}");

    // when
    var errors = rejected(parser.parse(message, EventType.ALIAS, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("userId", "required"), tuple("previousId", "required"));
  }

  @Test
  void shouldAcceptTypeFieldThatMatchesTheEndpoint() {
    // given
    var message = json("{\"type\": \"identify\", \"userId\": \"ada-example\"}");

    // when
    Event event = accepted(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.type()).isEqualTo(EventType.IDENTIFY);
  }

  @Test
  void shouldRejectTypeFieldThatContradictsTheEndpoint() {
    // given
    var message =
        json("{\"type\": \"track\", \"userId\": \"ada-example\", \"event\": \"Signed Up\"}");

    // when
    var errors = rejected(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(errors)
        .extracting(FieldError::field, FieldError::rule)
        .containsExactly(tuple("type", "one-of:identify"));
  }

  @Test
  void shouldIgnoreFieldsOfOtherTypes() {
    // given
    var message =
        json(
            """
            {"userId": "ada-example", "event": "Signed Up", "properties": "not checked",
             "groupId": {}, "previousId": [], "name": 1}
            """);

    // when
    Event event = accepted(parser.parse(message, EventType.IDENTIFY, SOURCE, RECEIVED_AT));

    // then
    assertThat(event.event()).isNull();
    assertThat(event.groupId()).isNull();
    assertThat(event.previousId()).isNull();
    assertThat(event.name()).isNull();
    assertThat(event.properties()).isEmpty();
  }
}
