package io.tributary.bench.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PayloadPoolTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void shouldRenderEventsOfTypicalSize() {
    PayloadPool pool = PayloadPool.generate("0badcafe", 10_000, 100, 20, 42, T);

    assertThat(pool.meanEventBytes()).isBetween(400.0, 700.0);
    assertThat(pool.meanBatchBytes()).isGreaterThan(100 * 400.0);
  }

  @Test
  void shouldStampDistinctMessageIdsIntoEverySend() throws Exception {
    // given: two templates, so the third send reuses the first template
    PayloadPool pool = PayloadPool.generate("0badcafe", 100, 10, 2, 42, T);

    // when
    List<JsonNode> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      PayloadPool.Batch batch = pool.next();
      JsonNode parsed = MAPPER.readTree(batch.body()).path("batch");
      assertThat(parsed.size()).isEqualTo(batch.events()).isEqualTo(10);
      parsed.forEach(events::add);
    }

    // then
    Set<String> ids = new HashSet<>();
    events.forEach(e -> ids.add(e.path("messageId").asText()));
    assertThat(ids).hasSize(30).allMatch(id -> id.matches("0badcafe-[0-9a-f]{16}"));
  }

  @Test
  void shouldMixEventTypesAndGiveIdentityResolutionLinksToMake() throws Exception {
    PayloadPool pool = PayloadPool.generate("0badcafe", 1_000, 100, 10, 42, T);

    Map<String, Integer> byType = new HashMap<>();
    int withBothIds = 0;
    int anonymousOnly = 0;
    for (int b = 0; b < 10; b++) {
      for (JsonNode event : MAPPER.readTree(pool.next().body()).path("batch")) {
        String type = event.path("type").asText();
        byType.merge(type.equals("track") ? event.path("event").asText() : type, 1, Integer::sum);
        assertThat(event.hasNonNull("anonymousId")).isTrue();
        if (event.hasNonNull("userId")) {
          withBothIds++;
        } else {
          anonymousOnly++;
        }
      }
    }

    assertThat(byType).containsOnlyKeys("Product Viewed", "Order Completed", "identify", "page");
    assertThat(withBothIds).isGreaterThan(700);
    assertThat(anonymousOnly).isPositive();
  }

  @Test
  void shouldStampTheSendTimeIntoEveryEventAsANumberWhenAsked() throws Exception {
    // given
    PayloadPool pool = PayloadPool.generate("0badcafe", 100, 10, 2, 42, T, true);

    // when
    byte[] body = pool.next(1_795_000_000_123_456L).body();

    // then
    JsonNode events = MAPPER.readTree(body).path("batch");
    assertThat(events).hasSize(10);
    events.forEach(
        e -> {
          JsonNode sentAt = e.path("context").path(RetailEvents.SENT_AT_FIELD);
          assertThat(sentAt.isIntegralNumber()).as("sent_at_us is a number: %s", sentAt).isTrue();
          assertThat(sentAt.asLong()).isEqualTo(1_795_000_000_123_456L);
        });
  }

  @Test
  void shouldLeaveTheSendTimeOutUnlessAsked() throws Exception {
    PayloadPool pool = PayloadPool.generate("0badcafe", 100, 10, 2, 42, T);

    JsonNode events = MAPPER.readTree(pool.next(1_795_000_000_123_456L).body()).path("batch");

    events.forEach(e -> assertThat(e.path("context").has(RetailEvents.SENT_AT_FIELD)).isFalse());
  }

  @Test
  void shouldRenderTheSameEventsForTheSameSeed() {
    byte[] first = PayloadPool.generate("0badcafe", 500, 5, 3, 7, T).next().body();
    byte[] second = PayloadPool.generate("0badcafe", 500, 5, 3, 7, T).next().body();
    byte[] otherSeed = PayloadPool.generate("0badcafe", 500, 5, 3, 8, T).next().body();

    assertThat(first).isEqualTo(second).isNotEqualTo(otherSeed);
  }
}
