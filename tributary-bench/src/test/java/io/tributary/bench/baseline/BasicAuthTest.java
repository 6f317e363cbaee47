package io.tributary.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BasicAuthTest {

  private final BasicAuth auth = new BasicAuth("wk_live_1");

  @Test
  void shouldAcceptTheWriteKeyAsUserNameWithEmptyPassword() {
    assertThat(auth.accepts(basic("wk_live_1:"))).isTrue();
    assertThat(auth.accepts(Optional.of("bAsIc " + encode("wk_live_1:")))).isTrue();
  }

  @Test
  void shouldRefuseOtherKeysSchemesAndGarbage() {
    assertThat(auth.accepts(Optional.empty())).isFalse();
    assertThat(auth.accepts(basic("wk_live_2:"))).isFalse();
    assertThat(auth.accepts(basic("wk_live_1x:"))).isFalse();
    assertThat(auth.accepts(Optional.of("Bearer wk_live_1"))).isFalse();
    assertThat(auth.accepts(Optional.of("Basic not*base64"))).isFalse();
    assertThat(auth.accepts(Optional.of("Basic "))).isFalse();
  }

  private static Optional<String> basic(String credentials) {
    return Optional.of("Basic " + encode(credentials));
  }

  private static String encode(String credentials) {
    return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }
}
