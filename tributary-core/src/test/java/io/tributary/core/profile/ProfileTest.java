package io.tributary.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.core.testing.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileTest {

  private static final Instant T0 = Events.T0;

  @Test
  void shouldKeepTheOriginalUnchangedWhenTheCopyChanges() {
    // given
    Profile original = profile();
    Profile copy = original.copy();

    // when
    copy.setTrait("plan", trait("gold", 5));
    copy.setTrait("city", trait("Riverton", 5));
    copy.count("Order Completed", 2);
    copy.seen(T0.plusSeconds(100));
    copy.addMergedFrom("p-merged-2");

    // then
    assertThat(original.traits()).containsOnly(Map.entry("plan", trait("silver", 1)));
    assertThat(original.eventCounts()).containsOnly(Map.entry("Order Completed", 1L));
    assertThat(original.lastSeen()).isEqualTo(T0);
    assertThat(original.mergedFrom()).containsExactly("p-merged-1");
    assertThat(copy.traits())
        .containsOnly(Map.entry("plan", trait("gold", 5)), Map.entry("city", trait("Riverton", 5)));
    assertThat(copy.eventCounts()).containsOnly(Map.entry("Order Completed", 3L));
    assertThat(copy.mergedFrom()).containsExactly("p-merged-1", "p-merged-2");
  }

  @Test
  void shouldKeepTheCopyUnchangedWhenTheOriginalChanges() {
    // given
    Profile original = profile();
    Profile copy = original.copy();

    // when
    original.setTrait("plan", trait("gold", 5));
    original.addMergedFrom("p-merged-2");
    original.count("Order Completed", 1);

    // then
    assertThat(copy.traits()).containsOnly(Map.entry("plan", trait("silver", 1)));
    assertThat(copy.mergedFrom()).containsExactly("p-merged-1");
    assertThat(copy.eventCounts()).containsOnly(Map.entry("Order Completed", 1L));
  }

  @Test
  void shouldKeepCopiesOfCopiesApart() {
    // given: a chain of copies sharing traits until one of them writes
    Profile original = profile();
    Profile first = original.copy();
    Profile second = first.copy();

    // when
    first.setTrait("plan", trait("bronze", 3));
    second.setTrait("plan", trait("gold", 4));

    // then
    assertThat(original.traits()).containsOnly(Map.entry("plan", trait("silver", 1)));
    assertThat(first.traits()).containsOnly(Map.entry("plan", trait("bronze", 3)));
    assertThat(second.traits()).containsOnly(Map.entry("plan", trait("gold", 4)));
  }

  @Test
  void shouldNotTakeATraitOlderThanTheHeldOneInACopy() {
    // given
    Profile copy = profile().copy();

    // when
    boolean taken = copy.setTrait("plan", trait("gold", 0));

    // then
    assertThat(taken).isFalse();
    assertThat(copy.traits()).containsOnly(Map.entry("plan", trait("silver", 1)));
  }

  @Test
  void shouldKeepEventCountsInNameOrderWhenNewNamesArrive() {
    // given
    Profile profile = profile();

    // when
    profile.count("Product Viewed", 2);
    profile.count("Cart Viewed", 1);
    profile.count("Product Viewed", 3);
    profile.count("Zoom", 1);

    // then
    assertThat(profile.eventCounts().keySet()).containsExactly("Cart Viewed", "Order Completed", "Product Viewed", "Zoom");
    assertThat(profile.eventCounts())
        .isEqualTo(Map.of("Cart Viewed", 1L, "Order Completed", 1L, "Product Viewed", 5L, "Zoom", 1L));
    assertThat(profile.eventCounts().get("Missing")).isNull();
  }

  @Test
  void shouldShowTheCountsAsTheyWereWhenAsked() {
    // given
    Profile profile = profile();
    Map<String, Long> before = profile.eventCounts();

    // when
    profile.count("Order Completed", 4);

    // then
    assertThat(before).containsOnly(Map.entry("Order Completed", 1L));
    assertThat(profile.eventCounts()).containsOnly(Map.entry("Order Completed", 5L));
  }

  @Test
  void shouldWidenFirstAndLastSeenToTheNanosecond() {
    // given
    Profile profile = profile();

    // when
    profile.seen(T0.minusNanos(1));
    profile.seen(T0.plusNanos(7));
    profile.seen(T0.plusNanos(3));

    // then
    assertThat(profile.firstSeen()).isEqualTo(T0.minusNanos(1));
    assertThat(profile.lastSeen()).isEqualTo(T0.plusNanos(7));
  }

  @Test
  void shouldTakeOverEverythingANewerVersionChanged() {
    // given: the cached version, and a copy a transaction changed
    Profile cached = profile();
    Profile newer = cached.copy();
    newer.setTrait("plan", trait("gold", 5));
    newer.count("Order Completed", 1);
    newer.count("Product Viewed", 2);
    newer.seen(T0.plusSeconds(100));
    newer.seen(T0.minusSeconds(10));
    newer.addMergedFrom("p-merged-2");

    // when
    cached.takeOver(newer);

    // then
    assertThat(cached.traits()).containsOnly(Map.entry("plan", trait("gold", 5)));
    assertThat(cached.eventCounts()).isEqualTo(Map.of("Order Completed", 2L, "Product Viewed", 2L));
    assertThat(cached.firstSeen()).isEqualTo(T0.minusSeconds(10));
    assertThat(cached.lastSeen()).isEqualTo(T0.plusSeconds(100));
    assertThat(cached.mergedFrom()).containsExactly("p-merged-1", "p-merged-2");
    assertThat(cached.traitsChanged()).isFalse();
  }

  @Test
  void shouldTakeOverCountsInPlaceWhenNoNewNameArrived() {
    // given
    Profile cached = profile();
    Profile newer = cached.copy();
    newer.count("Order Completed", 4);

    // when
    cached.takeOver(newer);
    newer.count("Order Completed", 100); // the newer version is not the cached one's afterwards

    // then
    assertThat(cached.eventCounts()).containsOnly(Map.entry("Order Completed", 5L));
  }

  @Test
  void shouldKeepBothApartAfterATakeOver() {
    // given
    Profile cached = profile();
    Profile newer = cached.copy();
    newer.setTrait("plan", trait("gold", 5));
    cached.takeOver(newer);

    // when: both change what they now share
    cached.setTrait("city", trait("Riverton", 6));
    cached.addMergedFrom("p-merged-3");
    newer.setTrait("plan", trait("platinum", 7));
    newer.addMergedFrom("p-merged-4");

    // then
    assertThat(cached.traits()).containsOnly(Map.entry("plan", trait("gold", 5)), Map.entry("city", trait("Riverton", 6)));
    assertThat(cached.mergedFrom()).containsExactly("p-merged-1", "p-merged-3");
    assertThat(newer.traits()).containsOnly(Map.entry("plan", trait("platinum", 7)));
    assertThat(newer.mergedFrom()).containsExactly("p-merged-1", "p-merged-4");
  }

  @Test
  void shouldRefuseToTakeOverAnotherProfile() {
    // given
    Profile profile = profile();
    Profile other = new Profile("p-2", T0);

    // when / then
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> profile.takeOver(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p-1")
        .hasMessageContaining("p-2");
  }

  private static Profile profile() {
    return new Profile(
        "p-1",
        T0,
        Map.of("plan", trait("silver", 1)),
        T0,
        T0,
        Map.of("Order Completed", 1L),
        Set.of("p-merged-1"));
  }

  private static TraitValue trait(String value, int second) {
    return new TraitValue(TextNode.valueOf(value), T0.plus(Duration.ofSeconds(second)));
  }
}
