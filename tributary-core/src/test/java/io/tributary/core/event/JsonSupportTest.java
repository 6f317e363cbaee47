package io.tributary.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.testing.Generated;
import org.junit.jupiter.api.Test;

class JsonSupportTest {

  @Test
  void shouldTellWhetherATreeFitsExactlyAsCountingItsBytesDoes() {
    Generated.forAll(
        2_000,
        JsonGenerators.objects(3),
        tree -> {
          int size = JsonSupport.serializedSize(tree);
          // then: at, around and far from the exact size, the shortcut agrees with counting
          for (int limit : new int[] {0, 1, size / 6, size - 1, size, size + 1, 6 * size + 2, Integer.MAX_VALUE}) {
            assertThat(JsonSupport.fitsIn(tree, Math.max(limit, 0)))
                .as("size %d, limit %d, %s", size, limit, tree)
                .isEqualTo(size <= Math.max(limit, 0));
          }
        });
  }

  @Test
  void shouldCountEscapedAndMultiByteTextExactlyWhenTheBoundIsNotEnough() {
    // given: 1,000 control characters and 1,000 emoji; Jackson escapes both (six bytes for a control
    // character and for each half of a surrogate pair), the most a UTF-16 unit can take: the bound is exact
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    tree.put("c", "\u0001".repeat(1_000));
    tree.put("e", "\uD83D\uDE00".repeat(1_000));
    int size = JsonSupport.serializedSize(tree);
    // then
    assertThat(size).isEqualTo(2 + 4 + 6_002 + 1 + 4 + 12_002); // braces, "c":, text, comma, "e":, text
    assertThat(JsonSupport.fitsIn(tree, size)).isTrue();
    assertThat(JsonSupport.fitsIn(tree, size - 1)).isFalse();
  }
}
