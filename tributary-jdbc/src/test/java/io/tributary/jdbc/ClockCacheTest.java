package io.tributary.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClockCacheTest {

  @Test
  void shouldReturnWhatWasPut() {
    // given
    ClockCache<String, Integer> cache = new ClockCache<>(3);

    // when
    cache.put("a", 1);
    cache.put("b", 2);
    cache.put("a", 3);

    // then
    assertThat(cache.get("a")).isEqualTo(3);
    assertThat(cache.get("b")).isEqualTo(2);
    assertThat(cache.get("c")).isNull();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void shouldForgetAnEntryNotUsedSinceTheHandPassedWhenFull() {
    // given: full; an entry counts as used once it is read after being put
    ClockCache<String, Integer> cache = new ClockCache<>(3);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.put("c", 3);

    // when: none was read, so d takes a's place; b is read before e comes, so e takes c's
    cache.put("d", 4);
    cache.get("b");
    cache.put("e", 5);

    // then
    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("b")).isEqualTo(2);
    assertThat(cache.get("c")).isNull();
    assertThat(cache.get("d")).isEqualTo(4);
    assertThat(cache.get("e")).isEqualTo(5);
    assertThat(cache.size()).isEqualTo(3);
  }

  @Test
  void shouldReuseThePlaceOfARemovedEntry() {
    // given
    ClockCache<String, Integer> cache = new ClockCache<>(2);
    cache.put("a", 1);
    cache.put("b", 2);

    // when
    cache.remove("a");
    cache.put("c", 3);

    // then: nothing had to be forgotten
    assertThat(cache.get("b")).isEqualTo(2);
    assertThat(cache.get("c")).isEqualTo(3);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void shouldForgetEverythingOnClear() {
    // given
    ClockCache<String, Integer> cache = new ClockCache<>(2);
    cache.put("a", 1);
    cache.put("b", 2);

    // when
    cache.clear();
    cache.put("c", 3);

    // then
    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("c")).isEqualTo(3);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void shouldAgreeWithAMapOnEveryKeyItStillHoldsUnderRandomUse() {
    // given
    ClockCache<Integer, Integer> cache = new ClockCache<>(50);
    Map<Integer, Integer> truth = new HashMap<>();
    Random random = new Random(20261203L);

    // when
    for (int i = 0; i < 100_000; i++) {
      int key = random.nextInt(200);
      switch (random.nextInt(4)) {
        case 0 -> {
          cache.remove(key);
          truth.remove(key);
        }
        case 1 -> {
          Integer got = cache.get(key);
          // then: never a wrong value, only a forgotten one
          if (got != null) {
            assertThat(got).isEqualTo(truth.get(key));
          }
        }
        default -> {
          cache.put(key, i);
          truth.put(key, i);
          // then: what was just put is there
          assertThat(cache.get(key)).isEqualTo(i);
        }
      }
      assertThat(cache.size()).isLessThanOrEqualTo(50);
    }
  }

  @Test
  void shouldRefuseNoRoomAndNullValues() {
    assertThatThrownBy(() -> new ClockCache<String, String>(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
    assertThatThrownBy(() -> new ClockCache<String, String>(1).put("a", null)).isInstanceOf(NullPointerException.class).hasMessageContaining("value");
  }
}
