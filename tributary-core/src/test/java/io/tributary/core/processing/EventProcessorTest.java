package io.tributary.core.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.tributary.core.event.Event;
import io.tributary.core.event.EventType;
import io.tributary.core.identity.IdentityResolver;
import io.tributary.core.identity.IdentityRules;
import io.tributary.core.log.LogEntry;
import io.tributary.core.profile.TimelineEntry;
import io.tributary.core.testing.Events;
import io.tributary.core.testing.InMemoryStateStore;
import io.tributary.core.testing.ProcessorDriver;
import io.tributary.core.testing.StateSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventProcessorTest {

  private static final Instant T0 = Events.T0;

  private final ProcessorDriver driver = new ProcessorDriver(IdentityRules.defaults());

  @Test
  void shouldIgnoreAResentMessageEntirely() {
    // given
    var order = Events.track("Order Completed").userId("u-1").trait("plan", "gold").build();
    var first = driver.process(order);
    var before = StateSnapshot.of(driver.store());

    // when
    var resent = driver.process(order);

    // then
    assertThat(resent).isEqualTo(ProcessingOutcome.duplicateEvent());
    assertThat(StateSnapshot.of(driver.store())).isEqualTo(before);
    assertThat(driver.reader().timeline(first.profileId(), null, 10)).hasSize(1);
  }

  @Test
  void shouldTreatTheSameMessageIdFromAnotherSourceAsANewEvent() {
    // given
    driver.process(Events.track("Order Completed").userId("u-1").messageId("m-1").build());

    // when
    var other =
        driver.process(
            Events.track("Order Completed").userId("u-1").messageId("m-1").source("shop").build());

    // then
    assertThat(other.duplicate()).isFalse();
    assertThat(driver.reader().profile(other.profileId()).orElseThrow().profile().eventCounts())
        .containsEntry("Order Completed", 2L);
  }

  @Test
  void shouldAppendTheEventToItsProfilesTimeline() {
    // given
    var page =
        Events.page("Pricing")
            .anonymousId("a-1")
            .messageId("m-7")
            .after(Duration.ofMinutes(1))
            .build();
    var entry = new LogEntry(2, 41, "payload".getBytes(StandardCharsets.UTF_8));
    var store = new InMemoryStateStore();
    var processor = new EventProcessor(IdentityRules.defaults());

    // when
    var outcome = store.inTransaction(tx -> processor.process(tx, entry, page));

    // then
    assertThat(store.reader().timeline(outcome.profileId(), null, 10))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.profileId()).isEqualTo(outcome.profileId());
              assertThat(e.partition()).isEqualTo(2);
              assertThat(e.position()).isEqualTo(41);
              assertThat(e.type()).isEqualTo(EventType.PAGE);
              assertThat(e.name()).isEqualTo("Pricing");
              assertThat(e.timestamp()).isEqualTo(page.timestamp());
              assertThat(e.messageId()).isEqualTo("m-7");
              assertThat(e.sourceId()).isEqualTo("web");
              assertThat(e.payload()).isEqualTo(entry.payload());
            });
  }

  @Test
  void shouldNameTimelineEntriesByEventNameForTrackAndNotAtAllForIdentify() {
    // when
    var track = driver.process(Events.track("Order Completed").userId("u-1").build());
    driver.process(Events.identify().userId("u-1").after(Duration.ofMinutes(1)).build());

    // then
    assertThat(driver.reader().timeline(track.profileId(), null, 10))
        .extracting(TimelineEntry::name)
        .containsExactly(null, "Order Completed");
  }

  @Test
  void shouldLeaveTheConsumedPositionToTheCaller() {
    // given
    var store = new InMemoryStateStore();
    var processor = new EventProcessor(IdentityRules.defaults());

    // when
    store.inTransaction(
        tx ->
            processor.process(
                tx,
                new LogEntry(0, 5, new byte[0]),
                Events.page("Home").anonymousId("a-1").build()));

    // then
    assertThat(store.reader().nextPosition(0)).isZero();
  }

  @Test
  void shouldKeepTheNewerTraitAndTheSeenRangeWhenEventsArriveOutOfOrder() {
    // given
    var newer =
        Events.identify().userId("u-1").trait("plan", "gold").after(Duration.ofDays(2)).build();
    var older =
        Events.identify()
            .userId("u-1")
            .trait("plan", "silver")
            .trait("name", "Ada Example")
            .after(Duration.ofDays(1))
            .build();
    var oldest = Events.page("Home").userId("u-1").build();

    // when
    var outcomes = driver.processAll(newer, older, oldest);

    // then
    var profile = driver.reader().profile(outcomes.get(0).profileId()).orElseThrow().profile();
    assertThat(profile.traits().get("plan").value().textValue()).isEqualTo("gold");
    assertThat(profile.traits().get("name").value().textValue()).isEqualTo("Ada Example");
    assertThat(profile.createdAt()).isEqualTo(T0.plus(Duration.ofDays(2)));
    assertThat(profile.firstSeen()).isEqualTo(T0);
    assertThat(profile.lastSeen()).isEqualTo(T0.plus(Duration.ofDays(2)));
  }

  @Test
  void shouldApplyTheEventToTheSurvivorOfAMergeItCaused() {
    // given
    driver.process(
        Events.identify().userId("u-1").anonymousId("a-1").trait("name", "Ada Example").build());
    driver.process(
        Events.track("Cart Viewed").anonymousId("a-2").after(Duration.ofHours(1)).build());

    // when
    var login =
        driver.process(
            Events.track("Signed In")
                .userId("u-1")
                .anonymousId("a-2")
                .after(Duration.ofHours(2))
                .build());

    // then
    var survivor = driver.reader().profile(login.profileId()).orElseThrow().profile();
    assertThat(survivor.eventCounts()).containsOnlyKeys("identify", "Cart Viewed", "Signed In");
    assertThat(survivor.lastSeen()).isEqualTo(T0.plus(Duration.ofHours(2)));
    assertThat(driver.reader().timeline(login.profileId(), null, 10))
        .extracting(TimelineEntry::name)
        .containsExactly("Signed In", "Cart Viewed", null);
  }

  @Test
  void shouldGiveAnEventWithoutUsableIdentifiersAProfileOfItsOwn() {
    // given
    var blocked = Events.track("Order Completed").userId("unknown").messageId("m-9").build();

    // when
    var outcome = driver.process(blocked);

    // then
    assertThat(outcome.createdProfile()).isTrue();
    assertThat(outcome.profileId()).isEqualTo(IdentityResolver.profileIdFor("web", "m-9"));
    assertThat(driver.reader().profile(outcome.profileId()).orElseThrow().links()).isEmpty();
  }

  @Test
  void shouldBuildTheSameStateWhenTheSameLogIsProcessedAgain() {
    // given
    List<Event> log =
        List.of(
            Events.page("Home").anonymousId("a-1").build(),
            Events.identify()
                .userId("u-1")
                .anonymousId("a-1")
                .trait("email", "ada@example.com")
                .after(Duration.ofMinutes(1))
                .build(),
            Events.track("Product Viewed").anonymousId("a-2").after(Duration.ofMinutes(2)).build(),
            Events.identify()
                .anonymousId("a-2")
                .trait("email", "ada@example.com")
                .trait("plan", "gold")
                .after(Duration.ofMinutes(3))
                .build(),
            Events.alias("a-3").userId("u-1").after(Duration.ofMinutes(4)).build(),
            Events.identify()
                .userId("u-2")
                .trait("email", "ada@example.com")
                .after(Duration.ofMinutes(5))
                .build(),
            Events.track("Order Completed").userId("u-2").after(Duration.ofMinutes(6)).build());
    var replay = new ProcessorDriver(IdentityRules.defaults());

    // when
    log.forEach(driver::process);
    log.forEach(replay::process);

    // then
    assertThat(StateSnapshot.of(replay.store())).isEqualTo(StateSnapshot.of(driver.store()));
    assertThat(driver.store().liveProfileIds()).hasSize(2);
  }

  @Test
  void shouldRequireItsArguments() {
    var processor = new EventProcessor(IdentityRules.defaults());
    var event = Events.page("Home").anonymousId("a-1").build();
    var entry = new LogEntry(0, 0, new byte[0]);
    assertThatNullPointerException().isThrownBy(() -> new EventProcessor(null));
    new InMemoryStateStore()
        .inTransaction(
            tx -> {
              assertThatNullPointerException().isThrownBy(() -> processor.process(tx, null, event));
              assertThatNullPointerException().isThrownBy(() -> processor.process(tx, entry, null));
              return null;
            });
    assertThatNullPointerException().isThrownBy(() -> processor.process(null, entry, event));
  }
}
