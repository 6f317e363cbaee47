package io.tributary.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoTimestampsTest {

  @Test
  void shouldReadTheCanonicalShapeAsTheGeneralParserDoes() {
    // given: Instant.toString texts from year 0 to 9999 with every fraction length
    for (Instant instant : CanonicalInstantsTest.randomInstants(20261203, 50_000, false)) {
      String text = instant.toString();
      // when, then
      assertThat(IsoTimestamps.parse(text)).as(text).isEqualTo(IsoTimestamps.parseAnyOffset(text)).isNotNull();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "2012-12-02T00:30:08.276Z", "2012-12-02T00:30:08.2Z", "2012-12-02T00:30:08.123456789Z",
    "2012-12-02t00:30:08z", "2012-12-02T01:30:08+01:00", "2012-12-02T00:30Z", "2012-12-02T00:30:08",
    "2012-12-02", "2016-12-31T23:59:60Z", "2023-02-29T00:00:00Z", "2023-02-30T00:00:00Z",
    "2012-13-02T00:30:08Z", "2012-12-02T24:00:00Z", "2012-12-02T00:60:00Z", "+10000-01-01T00:00:00Z",
    "2012-12-02T00:30:08.1234567890Z", "2012-12-02T00:30:08.Z", "2012-12-02 00:30:08Z", "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999999Z", "20121202T003008Z", "2012-12-02T00:30:08.-1Z"
  })
  void shouldAcceptAndRefuseExactlyWhatTheGeneralParserDoes(String text) {
    assertThat(IsoTimestamps.parse(text)).isEqualTo(IsoTimestamps.parseAnyOffset(text));
  }
}
