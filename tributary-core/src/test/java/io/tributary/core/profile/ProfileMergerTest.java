package io.tributary.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.core.testing.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileMergerTest {

  private static final Instant T0 = Events.T0;

  @Test
  void shouldTakeTheNewerValueOfEachTrait() {
    // given
    var survivor =
        profile("p-old", Map.of("plan", trait("silver", 1), "city", trait("Springfield", 5)));
    var merged =
        profile("p-new", Map.of("plan", trait("gold", 3), "city", trait("Shelbyville", 4)));

    // when
    ProfileMerger.absorb(survivor, merged);

    // then
    assertThat(survivor.traits())
        .containsOnly(
            Map.entry("plan", trait("gold", 3)), Map.entry("city", trait("Springfield", 5)));
  }

  @Test
  void shouldKeepSurvivorsTraitOnATie() {
    // given
    var survivor = profile("p-old", Map.of("plan", trait("silver", 2)));
    var merged = profile("p-new", Map.of("plan", trait("gold", 2)));

    // when
    ProfileMerger.absorb(survivor, merged);

    // then
    assertThat(survivor.traits().get("plan")).isEqualTo(trait("silver", 2));
  }

  @Test
  void shouldAddTraitsOnlyTheMergedProfileHas() {
    // given
    var survivor = profile("p-old", Map.of());
    var merged = profile("p-new", Map.of("name", trait("Ada Example", 1)));

    // when
    ProfileMerger.absorb(survivor, merged);

    // then
    assertThat(survivor.traits()).containsExactly(Map.entry("name", trait("Ada Example", 1)));
  }

  @Test
  void shouldCombineSeenTimesCountsAndMergedFrom() {
    // given
    var survivor =
        new Profile(
            "p-old",
            T0,
            Map.of(),
            at(2),
            at(3),
            Map.of("page", 2L, "Order Completed", 1L),
            Set.of("p-a"));
    var merged =
        new Profile(
            "p-new",
            at(1),
            Map.of(),
            at(1),
            at(9),
            Map.of("page", 3L, "identify", 1L),
            Set.of("p-b"));

    // when
    ProfileMerger.absorb(survivor, merged);

    // then
    assertThat(survivor.id()).isEqualTo("p-old");
    assertThat(survivor.createdAt()).isEqualTo(T0);
    assertThat(survivor.firstSeen()).isEqualTo(at(1));
    assertThat(survivor.lastSeen()).isEqualTo(at(9));
    assertThat(survivor.eventCounts())
        .containsOnly(
            Map.entry("page", 5L), Map.entry("Order Completed", 1L), Map.entry("identify", 1L));
    assertThat(survivor.mergedFrom()).containsExactly("p-a", "p-b", "p-new");
  }

  @Test
  void shouldLeaveTheMergedProfileUnchanged() {
    // given
    var survivor = profile("p-old", Map.of("plan", trait("silver", 5)));
    var merged = profile("p-new", Map.of("plan", trait("gold", 1)));

    // when
    ProfileMerger.absorb(survivor, merged);

    // then
    assertThat(merged.traits()).containsExactly(Map.entry("plan", trait("gold", 1)));
    assertThat(merged.mergedFrom()).isEmpty();
  }

  @Test
  void shouldRefuseToMergeAProfileIntoItself() {
    var profile = profile("p-1", Map.of());
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ProfileMerger.absorb(profile, profile.copy()));
  }

  private static Profile profile(String id, Map<String, TraitValue> traits) {
    return new Profile(id, T0, traits, T0, T0, Map.of(), Set.of());
  }

  private static TraitValue trait(String value, int hours) {
    return new TraitValue(new TextNode(value), at(hours));
  }

  private static Instant at(int hours) {
    return T0.plus(Duration.ofHours(hours));
  }
}
