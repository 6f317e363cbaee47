package io.tributary.core.delivery;

import static io.tributary.core.delivery.Definitions.destination;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.event.Event;
import io.tributary.core.event.EventCodec;
import io.tributary.core.identity.IdentityRules;
import io.tributary.core.log.LogEntry;
import io.tributary.core.processing.BatchApplier.ProcessedEvent;
import io.tributary.core.processing.EventProcessor;
import io.tributary.core.testing.Events;
import io.tributary.core.testing.InMemoryStateStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxStepTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InMemoryStateStore store = new InMemoryStateStore();
  private final List<String> filterFailures = new ArrayList<>();
  private final List<Destination> destinations = new ArrayList<>();
  private final OutboxStep step =
      new OutboxStep(new EventProcessor(IdentityRules.defaults()).asStep(), () -> List.copyOf(destinations), filterFailures::add);
  private long position;

  private static Destination dest(String name, String fields) {
    return destination(Definitions.text(name, fields));
  }

  private ProcessedEvent process(Event event) {
    return process(store, event);
  }

  private ProcessedEvent process(InMemoryStateStore into, Event event) {
    LogEntry entry = new LogEntry(0, position++, EventCodec.encode(event));
    return into.inTransaction(tx -> step.apply(tx, entry));
  }

  @Test
  void shouldEnqueueOneMessagePerDestinationThatTakesTheEvent() throws IOException {
    // given
    destinations.add(dest("crm", "events: {names: ['Order Completed']}"));
    destinations.add(dest("analytics", ""));
    destinations.add(dest("pages", "events: {types: ['page']}"));
    destinations.add(dest("big-orders", "filter: 'event.properties.total > 1000'"));
    Event order = Events.track("Order Completed").userId("u-1").property("total", 150).build();
    // when
    ProcessedEvent processed = process(order);
    // then
    assertThat(store.outbox()).extracting(OutboxEntry::destination).containsExactly("crm", "analytics");
    OutboxEntry first = store.outbox().getFirst();
    assertThat(first.profileId()).isEqualTo(processed.outcome().profileId());
    assertThat(first.ingestedAt()).isEqualTo(order.receivedAt());
    assertThat(first.failure()).isNull();
    assertThat(first.lane()).isEqualTo(Lanes.of(processed.outcome().profileId()));
    JsonNode payload = JSON.readTree(first.payload());
    assertThat(payload.path("messageId").asText()).isEqualTo(order.messageId());
    assertThat(payload.path("profile").path("id").asText()).isEqualTo(processed.outcome().profileId());
    assertThat(payload.path("profile").path("identifiers").path("user_id").get(0).asText()).isEqualTo("u-1");
  }

  @Test
  void shouldSeeTheProfileAsItStandsAfterTheEvent() throws IOException {
    // given
    destinations.add(dest("crm", "mapping: \"{'plan': profile.traits.plan, 'orders': profile.computed_traits.event_counts.`Order Completed`}\""));
    process(Events.identify().userId("u-1").trait("plan", "free").build());
    // when
    process(Events.track("Order Completed").userId("u-1").build());
    process(Events.identify().userId("u-1").trait("plan", "pro").after(Duration.ofMinutes(1)).build());
    // then
    assertThat(store.outbox()).hasSize(3);
    assertThat(JSON.readTree(store.outbox().get(1).payload())).isEqualTo(JSON.readTree("{\"plan\": \"free\", \"orders\": 1}"));
    assertThat(JSON.readTree(store.outbox().get(2).payload()).path("plan").asText()).isEqualTo("pro");
  }

  @Test
  void shouldEnqueueNothingForADuplicate() {
    // given
    destinations.add(dest("crm", ""));
    Event order = Events.track("Order Completed").userId("u-1").messageId("m-1").build();
    process(order);
    // when: the same message from the same source again
    ProcessedEvent again = process(order);
    // then
    assertThat(again.outcome().duplicate()).isTrue();
    assertThat(store.outbox()).hasSize(1);
  }

  @Test
  void shouldEnqueueTheSameMessageIdFromAnotherSource() {
    // given
    destinations.add(dest("crm", ""));
    process(Events.track("Order Completed").userId("u-1").messageId("m-1").build());
    // when
    process(Events.track("Order Completed").userId("u-1").messageId("m-1").source("shop").build());
    // then
    assertThat(store.outbox()).hasSize(2);
    assertThat(store.outbox().get(0).idempotencyKey()).isNotEqualTo(store.outbox().get(1).idempotencyKey());
  }

  @Test
  void shouldKeepAnEventFromADestinationOfACategoryItsConsentRefuses() {
    // given
    destinations.add(dest("ads", "consent-category: 'marketing'"));
    destinations.add(dest("crm", ""));
    destinations.add(dest("stats", "consent-category: 'analytics'"));
    // when
    process(Events.track("Order Completed").userId("u-1").consent("marketing", false).consent("analytics", true).build());
    // then
    assertThat(store.outbox()).extracting(OutboxEntry::destination).containsExactly("crm", "stats");
  }

  @Test
  void shouldDeliverToAConsentCategoryWhenTheEventStatesNoPreference() {
    // given
    destinations.add(dest("ads", "consent-category: 'marketing'"));
    // when
    process(Events.track("Order Completed").userId("u-1").build());
    process(Events.track("Order Completed").userId("u-1").consent("marketing", true).build());
    // then
    assertThat(store.outbox()).extracting(OutboxEntry::destination).containsExactly("ads", "ads");
  }

  @Test
  void shouldEnqueueTheMappingInputWithTheFailureWhenTheMappingFails() throws IOException {
    // given
    destinations.add(dest("crm", "mapping: \"{'amount': $number(event.properties.currency)}\""));
    Event order = Events.track("Order Completed").userId("u-1").property("currency", "EUR").build();
    // when
    ProcessedEvent processed = process(order);
    // then
    assertThat(store.outbox()).hasSize(1);
    OutboxEntry entry = store.outbox().getFirst();
    assertThat(entry.failure()).startsWith("mapping failed: ");
    JsonNode payload = JSON.readTree(entry.payload());
    assertThat(payload.fieldNames()).toIterable().containsExactly("event", "profile");
    assertThat(payload.path("event")).isEqualTo(EventCodec.toJson(order));
    assertThat(payload.path("profile").path("id").asText()).isEqualTo(processed.outcome().profileId());
  }

  @Test
  void shouldEnqueueTheFailureAndGoOnWhenTheMappingRecursesWithoutEnd() {
    // given
    destinations.add(dest("crm", "mapping: \"($f := function($x) { $f($x) + 1 }; $f(1))\""));
    // when
    ProcessedEvent first = process(Events.track("Order Completed").userId("u-1").build());
    ProcessedEvent second = process(Events.track("Order Completed").userId("u-2").build());
    // then
    assertThat(first.outcome().profileId()).isNotNull();
    assertThat(second.outcome().profileId()).isNotNull();
    assertThat(store.outbox()).hasSize(2).allSatisfy(e -> assertThat(e.failure()).startsWith("mapping failed: "));
  }

  @Test
  void shouldEnqueueNothingAndReportItWhenTheFilterFails() {
    // given
    destinations.add(dest("crm", "filter: \"event.properties.coupon == 'SPRING'\""));
    destinations.add(dest("analytics", ""));
    // when
    process(Events.track("Order Completed").userId("u-1").build());
    // then
    assertThat(store.outbox()).extracting(OutboxEntry::destination).containsExactly("analytics");
    assertThat(filterFailures).containsExactly("crm");
  }

  @Test
  void shouldGiveAKeyThatIsStableForAnEventAndDestinationAndDiffersAcrossDestinations() {
    // given
    destinations.add(dest("crm", ""));
    destinations.add(dest("analytics", ""));
    Event order = Events.track("Order Completed").userId("u-1").messageId("m-1").build();
    InMemoryStateStore replayed = new InMemoryStateStore();
    // when: the same event processed twice from scratch, as when the log is replayed
    process(order);
    process(replayed, order);
    process(Events.track("Order Completed").userId("u-1").messageId("m-2").build());
    // then
    List<String> keys = store.outbox().stream().map(OutboxEntry::idempotencyKey).toList();
    assertThat(replayed.outbox()).extracting(OutboxEntry::idempotencyKey).containsExactlyElementsOf(keys.subList(0, 2));
    assertThat(keys).doesNotHaveDuplicates();
    assertThat(keys.getFirst()).isEqualTo(OutboxEntry.idempotencyKey("crm", "web", "m-1"));
  }

  @Test
  void shouldEnqueueNothingWithoutDestinations() {
    // when
    ProcessedEvent processed = process(Events.track("Order Completed").userId("u-1").build());
    // then
    assertThat(processed.outcome().profileId()).isNotNull();
    assertThat(store.outbox()).isEmpty();
  }
}
