package io.tributary.core.delivery;

import static io.tributary.core.delivery.Definitions.destination;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.core.event.Event;
import io.tributary.core.event.EventCodec;
import io.tributary.core.identity.EventRef;
import io.tributary.core.identity.Identifier;
import io.tributary.core.identity.IdentityLink;
import io.tributary.core.profile.Profile;
import io.tributary.core.profile.TraitValue;
import io.tributary.core.testing.Events;
import java.io.IOException;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DestinationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Event order =
      Events.track("Order Completed")
          .userId("u-1")
          .messageId("m-1")
          .property("total", 150)
          .property("price", 9.99)
          .property("currency", "EUR")
          .build();
  private final Profile profile = profile();
  private final List<IdentityLink> links =
      List.of(link("email", "ada@example.com"), link("user_id", "u-1"), link("email", "ada.work@example.com"));
  private final DeliveryInput input = new DeliveryInput(order, profile, links);

  private static Profile profile() {
    Profile p = new Profile("p-1", Events.T0);
    p.setTrait("plan", new TraitValue(TextNode.valueOf("pro"), Events.T0));
    p.setTrait("email", new TraitValue(TextNode.valueOf("ada@example.com"), Events.T0));
    p.count("Order Completed", 3);
    p.addMergedFrom("p-0");
    return p;
  }

  private static IdentityLink link(String type, String value) {
    return new IdentityLink(new Identifier(type, value), "p-1", new EventRef("web", "m-0", 0, 0, Events.T0));
  }

  private static Destination filtered(String cel) {
    return destination(Definitions.text("crm", "filter: \"" + cel + "\""));
  }

  private static Destination mapped(String jsonata) {
    return destination(Definitions.text("crm", "mapping: \"" + jsonata + "\""));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode json(byte[] payload) throws IOException {
    return JSON.readTree(payload);
  }

  @Test
  void shouldCompareWholeAndFractionalNumbersInTheFilter() {
    assertThat(filtered("event.properties.total > 100").matches(input)).isTrue();
    assertThat(filtered("event.properties.total > 100.5").matches(input)).isTrue();
    assertThat(filtered("event.properties.total == 150.0").matches(input)).isTrue();
    assertThat(filtered("event.properties.price < 10").matches(input)).isTrue();
    assertThat(filtered("event.properties.price > 9.98 && event.properties.price < 9.995").matches(input)).isTrue();
    assertThat(filtered("event.properties.total < 100").matches(input)).isFalse();
  }

  @Test
  void shouldSeeTheProfilesTraitsAndCountsInTheFilter() {
    assertThat(filtered("profile.traits.plan == 'pro'").matches(input)).isTrue();
    assertThat(filtered("profile.traits.plan == 'free'").matches(input)).isFalse();
    assertThat(filtered("profile.computed_traits.event_counts['Order Completed'] >= 3").matches(input)).isTrue();
    assertThat(filtered("profile.id == 'p-1' && 'p-0' in profile.merged_from").matches(input)).isTrue();
  }

  @Test
  void shouldTellPresentFromAbsentFieldsWithHas() {
    assertThat(filtered("has(event.properties.currency)").matches(input)).isTrue();
    assertThat(filtered("has(event.properties.coupon)").matches(input)).isFalse();
    assertThat(filtered("!has(profile.traits.phone) && has(profile.traits.email)").matches(input)).isTrue();
  }

  @Test
  void shouldSeeTheEventsTypeAndNameInTheFilter() {
    assertThat(filtered("event.type == 'track' && event.event == 'Order Completed' && event.userId == 'u-1'").matches(input)).isTrue();
  }

  @Test
  void shouldMatchEveryEventWithoutAFilter() {
    assertThat(destination(Definitions.text("crm", "")).matches(input)).isTrue();
  }

  @Test
  void shouldFailWithTheFilterNamedWhenTheFilterFailsOnAnEvent() {
    // given: the event has no such property
    Destination d = filtered("event.properties.coupon == 'SPRING'");
    // when, then
    assertThatThrownBy(() -> d.matches(input))
        .isInstanceOfSatisfying(Destination.DeliveryInputException.class, e -> assertThat(e.field()).isEqualTo("filter"))
        .hasMessageStartingWith("filter failed: ");
  }

  @Test
  void shouldFailWithTheFilterNamedWhenTheFilterGivesNoBoolean() {
    // given: the type checker cannot know what a property holds
    Destination d = filtered("event.properties.total");
    // when, then
    assertThatThrownBy(() -> d.matches(input))
        .isInstanceOfSatisfying(Destination.DeliveryInputException.class, e -> assertThat(e.field()).isEqualTo("filter"))
        .hasMessageContaining("boolean");
  }

  @Test
  void shouldMapTheProfilesIdentifiersWithJsonata() throws IOException {
    // given
    Destination d = mapped("{'emails': profile.identifiers.email, 'user': profile.identifiers.user_id[0], 'total': event.properties.total}");
    // when
    JsonNode payload = json(d.payload(input));
    // then
    assertThat(payload)
        .isEqualTo(JSON.readTree("{\"emails\": [\"ada@example.com\", \"ada.work@example.com\"], \"user\": \"u-1\", \"total\": 150}"));
  }

  @Test
  void shouldSendTheSegmentEventWithAProfileSnapshotWithoutAMapping() throws IOException {
    // given
    Destination d = destination(Definitions.text("crm", ""));
    // when
    JsonNode payload = json(d.payload(input));
    // then
    JsonNode expected = EventCodec.toJson(order).deepCopy().set("profile", JSON.readTree(
        """
        {"id": "p-1",
         "traits": {"email": "ada@example.com", "plan": "pro"},
         "computed_traits": {"first_seen": "2025-03-01T09:00:00Z", "last_seen": "2025-03-01T09:00:00Z",
                             "event_counts": {"Order Completed": 3}},
         "identifiers": {"email": ["ada@example.com", "ada.work@example.com"], "user_id": ["u-1"]},
         "merged_from": ["p-0"]}
        """));
    assertThat(payload).isEqualTo(expected);
    assertThat(payload.path("messageId").asText()).isEqualTo("m-1");
    assertThat(payload.path("properties").path("price").asDouble()).isEqualTo(9.99);
  }

  @Test
  void shouldMakeTheDefaultPayloadFromTheLoggedEventBytesExactlyAsFromTheTrees() throws IOException {
    // given: the event as the log holds it, also with whitespace after it
    byte[] logged = EventCodec.encode(order);
    byte[] padded = (new String(logged, StandardCharsets.UTF_8) + "\n ").getBytes(StandardCharsets.UTF_8);
    Destination d = destination(Definitions.text("crm", ""));
    // when
    byte[] spliced = d.payload(new DeliveryInput(order, logged, profile, links));
    byte[] splicedPadded = d.payload(new DeliveryInput(order, padded, profile, links));
    // then: the same bytes as serialising the event's tree with the snapshot added
    String fromTrees = JSON.writeValueAsString(new DeliveryInput(order, profile, links).defaultPayload());
    assertThat(new String(spliced, StandardCharsets.UTF_8)).isEqualTo(fromTrees);
    assertThat(splicedPadded).isEqualTo(spliced);
  }

  @Test
  void shouldWriteTheProfileSnapshotWithTraitsOfEveryShapeAndIdentifiersGroupedByType() throws IOException {
    // given: traits of every JSON shape, unicode, several identifier types, and an empty profile
    Profile rich = new Profile("p-2", Events.T0);
    rich.setTrait("address", new TraitValue(JSON.readTree("{\"city\": \"Zürich\", \"lines\": [\"1 Example Way\", null], \"geo\": {\"lat\": 47.37, \"n\": 3}}"), Events.T0));
    rich.setTrait("vip", new TraitValue(JSON.readTree("true"), Events.T0));
    rich.setTrait("note", new TraitValue(TextNode.valueOf("line\n\"quoted\" \u2603"), Events.T0));
    rich.count("Product Viewed", 12);
    rich.addMergedFrom("p-1");
    List<IdentityLink> many = List.of(link("user_id", "u-1"), link("email", "ada@example.com"), link("phone", "+15555550100"), link("email", "a@example.org"));
    // when
    JsonNode written = JSON.readTree(DeliveryInput.snapshotBytes(rich, many));
    JsonNode empty = JSON.readTree(DeliveryInput.snapshotBytes(new Profile("p-9", Events.T0), List.of()));
    // then
    assertThat(written).isEqualTo(JSON.readTree(
        """
        {"id": "p-2",
         "traits": {"address": {"city": "Zürich", "lines": ["1 Example Way", null], "geo": {"lat": 47.37, "n": 3}},
                    "vip": true, "note": "line\\n\\"quoted\\" \u2603"},
         "computed_traits": {"first_seen": "2025-03-01T09:00:00Z", "last_seen": "2025-03-01T09:00:00Z",
                             "event_counts": {"Product Viewed": 12}},
         "identifiers": {"user_id": ["u-1"], "email": ["ada@example.com", "a@example.org"], "phone": ["+15555550100"]},
         "merged_from": ["p-1"]}
        """));
    assertThat(fieldNames(written.path("identifiers"))).as("types in the order they were linked")
        .containsExactly("user_id", "email", "phone");
    assertThat(empty).isEqualTo(JSON.readTree(
        """
        {"id": "p-9", "traits": {}, "identifiers": {}, "merged_from": [],
         "computed_traits": {"first_seen": "2025-03-01T09:00:00Z", "last_seen": "2025-03-01T09:00:00Z", "event_counts": {}}}
        """));
  }

  @Test
  void shouldFailWithTheMappingNamedWhenTheMappingFailsOnAnEvent() {
    // given: the currency is no number
    Destination d = mapped("{'amount': $number(event.properties.currency)}");
    // when, then
    assertThatThrownBy(() -> d.payload(input))
        .isInstanceOfSatisfying(Destination.DeliveryInputException.class, e -> assertThat(e.field()).isEqualTo("mapping"))
        .hasMessageStartingWith("mapping failed: ");
  }

  @Test
  void shouldMapAStoredMappingInputAsItMapsTheLiveEvent() throws IOException {
    // given: the input as a dead letter keeps it when the mapping failed
    byte[] stored = new DeliveryInput(order, profile, links).documentBytes();
    Destination fixed = mapped("{'customer': profile.id, 'emails': profile.identifiers.email, 'total': event.properties.total, 'plan': profile.traits.plan}");
    Destination plain = destination(Definitions.text("crm", ""));
    // when
    byte[] fromStored = fixed.payloadFromInput(stored);
    byte[] defaultFromStored = plain.payloadFromInput(stored);
    // then: the same payload as from the live event
    assertThat(json(fromStored)).isEqualTo(json(fixed.payload(new DeliveryInput(order, profile, links))));
    assertThat(json(fromStored).path("emails")).hasSize(2);
    assertThat(json(defaultFromStored)).isEqualTo(json(plain.payload(new DeliveryInput(order, profile, links))));
    assertThat(json(defaultFromStored).path("profile").path("id").asText()).isEqualTo("p-1");
  }

  @Test
  void shouldRefuseAStoredInputThatIsNoMappingInput() {
    Destination d = mapped("{'n': 1}");
    for (String bad : List.of("not json", "[1]", "{\"event\": {}}", "{\"event\": 1, \"profile\": {}}")) {
      assertThatThrownBy(() -> d.payloadFromInput(bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad)
          .isInstanceOfSatisfying(Destination.DeliveryInputException.class, e -> assertThat(e.field()).isEqualTo("mapping"))
          .hasMessageStartingWith("mapping failed: the stored input is not");
    }
  }

  @Test
  void shouldFailWithTheMappingNamedWhenTheMappingRecursesWithoutEnd() {
    // given
    Destination d = mapped("($f := function($x) { $f($x) + 1 }; {'n': $f(1)})");
    // when, then
    assertThatThrownBy(() -> d.payload(input))
        .isInstanceOfSatisfying(Destination.DeliveryInputException.class, e -> assertThat(e.field()).isEqualTo("mapping"));
  }

  @Test
  @Timeout(30)
  void shouldFailWithTheMappingNamedWhenTheMappingLoopsWithoutEnd() {
    // given: a tail call, which JSONata runs as a loop
    Destination d = mapped("($f := function($x) { $f($x + 1) }; {'n': $f(1)})");
    // when, then
    assertThatThrownBy(() -> d.payload(input))
        .isInstanceOfSatisfying(Destination.DeliveryInputException.class, e -> assertThat(e.field()).isEqualTo("mapping"))
        .hasMessageContaining("timeout");
  }

  @Test
  void shouldSelectByTypeAndNameBeforeTheFilter() {
    // given
    Destination orders = destination(Definitions.text("crm", "events: {types: ['track'], names: ['Order Completed']}"));
    Destination pages = destination(Definitions.text("web", "events: {names: ['Pricing']}"));
    // then
    assertThat(orders.selects(order)).isTrue();
    assertThat(orders.selects(Events.track("Signed Up").userId("u-1").build())).isFalse();
    assertThat(orders.selects(Events.page("Order Completed").userId("u-1").build())).isFalse();
    assertThat(pages.selects(Events.page("Pricing").userId("u-1").build())).isTrue();
    assertThat(pages.selects(Events.identify().userId("u-1").build())).isFalse();
  }
}
