package io.tributary.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.core.testing.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileUpdaterTest {

  private static final Instant T0 = Events.T0;

  private final ProfileUpdater updater = new ProfileUpdater();
  private final Profile profile = new Profile("p-1", T0);

  @Test
  void shouldSetIdentifyTraitsStampedWithEventTime() {
    // given
    var identify =
        Events.identify()
            .userId("u-1")
            .trait("name", "Ada Example")
            .after(Duration.ofMinutes(5))
            .build();

    // when
    updater.apply(profile, identify);

    // then
    assertThat(profile.traits())
        .containsEntry(
            "name", new TraitValue(new TextNode("Ada Example"), T0.plus(Duration.ofMinutes(5))));
  }

  @Test
  void shouldNotOverwriteTraitWithValueFromOlderEvent() {
    // given
    var newer =
        Events.identify().userId("u-1").trait("plan", "gold").after(Duration.ofHours(2)).build();
    var older =
        Events.identify().userId("u-1").trait("plan", "silver").after(Duration.ofHours(1)).build();
    updater.apply(profile, newer);

    // when
    updater.apply(profile, older);

    // then
    assertThat(profile.traits().get("plan").value().textValue()).isEqualTo("gold");
  }

  @Test
  void shouldApplyContextTraitsOfAnyEventType() {
    // given
    var page =
        Events.page("Pricing").anonymousId("a-1").contextTrait("city", "Springfield").build();

    // when
    updater.apply(profile, page);

    // then
    assertThat(profile.traits()).containsOnlyKeys("city");
  }

  @Test
  void shouldNotApplyGroupTraitsToTheUser() {
    // given
    var group = Events.group("g-1").userId("u-1").trait("name", "Example Corp").build();

    // when
    updater.apply(profile, group);

    // then
    assertThat(profile.traits()).isEmpty();
  }

  @Test
  void shouldPreferTopLevelTraitsOverContextTraitsOfTheSameEvent() {
    // given
    var identify =
        Events.identify()
            .userId("u-1")
            .contextTrait("name", "A. Example")
            .trait("name", "Ada Example")
            .build();

    // when
    updater.apply(profile, identify);

    // then
    assertThat(profile.traits().get("name").value().textValue()).isEqualTo("Ada Example");
  }

  @Test
  void shouldKeepNullAsAClearedTraitThatOlderEventsCannotUndo() {
    // given
    updater.apply(
        profile,
        Events.identify().userId("u-1").trait("nickname", null).after(Duration.ofHours(2)).build());

    // when
    updater.apply(
        profile,
        Events.identify()
            .userId("u-1")
            .trait("nickname", "Addy")
            .after(Duration.ofHours(1))
            .build());

    // then
    assertThat(profile.traits().get("nickname").value()).isEqualTo(NullNode.getInstance());
  }

  @Test
  void shouldWidenFirstAndLastSeenWhateverTheArrivalOrder() {
    // given
    var late = Events.track("Order Completed").userId("u-1").after(Duration.ofDays(2)).build();
    var early = Events.page("Home").userId("u-1").at(T0.minus(Duration.ofDays(1))).build();

    // when
    updater.apply(profile, late);
    updater.apply(profile, early);

    // then
    assertThat(profile.firstSeen()).isEqualTo(T0.minus(Duration.ofDays(1)));
    assertThat(profile.lastSeen()).isEqualTo(T0.plus(Duration.ofDays(2)));
  }

  @Test
  void shouldCountTrackByEventNameAndOthersByType() {
    // when
    updater.apply(profile, Events.track("Order Completed").userId("u-1").build());
    updater.apply(profile, Events.track("Order Completed").userId("u-1").build());
    updater.apply(profile, Events.page("Home").userId("u-1").build());
    updater.apply(profile, Events.track(null).userId("u-1").build());

    // then
    assertThat(profile.eventCounts())
        .containsOnly(
            Map.entry("Order Completed", 2L), Map.entry("page", 1L), Map.entry("track", 1L));
  }

  @Test
  void shouldNotShareJsonWithTheEvent() {
    // given
    var identify =
        Events.identify().userId("u-1").trait("address", Map.of("city", "Springfield")).build();

    // when
    updater.apply(profile, identify);
    identify.traits().withObjectProperty("address").put("city", "Shelbyville");

    // then
    assertThat(profile.traits().get("address").value().get("city").textValue())
        .isEqualTo("Springfield");
  }
}
