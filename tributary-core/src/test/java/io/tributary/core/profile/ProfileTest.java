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
