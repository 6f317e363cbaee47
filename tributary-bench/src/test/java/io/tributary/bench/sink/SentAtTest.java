package io.tributary.bench.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SentAtTest {

  @Test
  void shouldFindTheSendTimeWhereverThePayloadPutsIt() {
    assertThat(
            find("{\"type\":\"track\",\"context\":{\"ip\":\"x\",\"sent_at_us\":1795000000123456}}"))
        .isEqualTo(1_795_000_000_123_456L);
    assertThat(find("{\"sent_at_us\" : 42 ,\"profile\":\"p\"}")).isEqualTo(42);
  }

  @Test
  void shouldTellWhenThereIsNone() {
    assertThat(find("{\"type\":\"identify\",\"context\":{}}")).isEqualTo(SentAt.NONE);
    assertThat(find("{\"sent_at_us\":\"soon\"}")).isEqualTo(SentAt.NONE);
    assertThat(find("{\"sent_at_us\"")).isEqualTo(SentAt.NONE);
  }

  @Test
  void shouldFindEveryEventsSendTimeInAnArray() {
    byte[] body = " [{\"sent_at_us\":1},{\"x\":{\"sent_at_us\": 22}},{\"sent_at_us\":\"no\"},{\"sent_at_us\":333}]".getBytes(StandardCharsets.UTF_8);
    assertThat(SentAt.isArray(body)).isTrue();
    assertThat(SentAt.findAll(body)).containsExactly(1, 22, 333);
    assertThat(SentAt.isArray("{\"sent_at_us\":1}".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(SentAt.findAll(new byte[0])).isEmpty();
  }

  private static long find(String body) {
    return SentAt.find(body.getBytes(StandardCharsets.UTF_8));
  }
}
