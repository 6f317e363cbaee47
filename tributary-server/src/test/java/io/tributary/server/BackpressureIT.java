package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.core.identity.IdentityRules;
import io.tributary.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a client sees when the hub cannot take more: 503 or 429 with Retry-After, nothing kept. In
 * both storage modes the log's bound on events not yet durable is {@code ingest.max-pending-events}
 * (in {@code kafka+postgres} mode: records not yet acknowledged by the brokers). The broker outage
 * is the {@code kafka+postgres} mode's own way for the log to be unavailable.
 */
@Timeout(120)
class BackpressureIT {
  private static final String WRITE_KEY = "wk_backpressure_0123456789";
  private static final String ADMIN = "adm_backpressure_0123456789";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dataDir;

  private Hub start(StorageMode mode, int maxPendingEvents, long maxProcessingLag) {
    return Hub.start(
        new HubSettings("127.0.0.1", 0, dataDir, Optional.of(ADMIN), List.of(new HubSettings.Source("web", WRITE_KEY)),
            32 * 1024, 500 * 1024, maxPendingEvents, maxProcessingLag, 2, 10_000, "FULL", HubSettings.RetentionSettings.FOREVER, false, 1_000,
            HubSettings.RetentionSettings.FOREVER,
            IdentityRules.defaults(), true, mode.newStorage("backpressure"), List.of()),
        InstantSource.system());
  }

  private static String batch(String user, int n) {
    StringBuilder b = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"").append(user).append("\",\"event\":\"E").append(i).append("\"}");
    }
    return b.append("]}").toString();
  }

  @ParameterizedTest
  @EnumSource(StorageMode.class)
  void shouldAnswer503WithRetryAfterWhenTheLogCannotTakeTheEventsAndKeepNothingOfThem(StorageMode mode) {
    // given: at most 10 events may wait for the log
    try (Hub hub = start(mode, 10, 1_000_000)) {
      var client = HubClient.of(hub);
      long endBefore = client.logEnd();
      // when
      var refused = client.post("/v1/batch", batch("u-refused", 20));
      var taken = client.post("/v1/batch", batch("u-taken", 5));
      // then
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).contains("2");
      assertThat(refused.body().path("error").asText()).isEqualTo("log_overloaded");
      assertThat(taken.status()).isEqualTo(200);
      client.awaitProfile("user_id", "u-taken", p -> p.path("computed_traits").path("event_counts").size() == 5, WAIT);
      // and: the log holds the 5 taken events and none of the 20 refused ones
      assertThat(client.awaitProcessed(endBefore + 5, WAIT).path("log").path("end_position").asLong()).isEqualTo(endBefore + 5);
      assertThat(client.get("/v1/profiles/user_id/u-refused").status()).isEqualTo(404);
      assertThat(client.getText("/metrics")).contains("tributary_events_rejected_total{reason=\"throttled\",source=\"web\"} 20.0");
    }
  }

  @ParameterizedTest
  @EnumSource(StorageMode.class)
  void shouldAnswer429WithRetryAfterWhenProcessingIsTooFarBehind(StorageMode mode) {
    // given: a bound that any lag exceeds
    try (Hub hub = start(mode, 100_000, -1)) {
      var client = HubClient.of(hub);
      long endBefore = client.logEnd();
      // when
      var res = client.post("/v1/track", "{\"userId\":\"u-1\",\"event\":\"E\"}");
      // then
      assertThat(res.status()).isEqualTo(429);
      assertThat(res.headers().firstValue("Retry-After")).contains("2");
      assertThat(res.body().path("error").asText()).isEqualTo("processing_behind");
      assertThat(client.getText("/metrics")).contains("tributary_events_rejected_total{reason=\"throttled\",source=\"web\"} 1.0");
      // and: nothing was appended (the kafka+postgres hub refreshes the log end every 250 ms)
      HubClient.sleep(1_000);
      assertThat(client.logEnd()).isEqualTo(endBefore);
    }
  }

  /**
   * Posts like a Segment client: resends after a 503 with Retry-After, with the same messageId.
   * Right after a broker restart /health can be 200 (the end offsets are fetched again) a moment
   * before the producer has reconnected.
   */
  private static void postUntilAccepted(HubClient client, String body) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      var res = client.post("/v1/track", body);
      if (res.status() == 200) {
        return;
      }
      assertThat(res.status()).as("%s", res.body()).isEqualTo(503);
      assertThat(res.headers().firstValue("Retry-After")).isPresent();
      assertThat(System.nanoTime()).as("accepted within %s; last answer %s", WAIT, res.body()).isLessThan(deadline);
      HubClient.sleep(200);
    }
  }

  @Test
  void shouldAnswer503AtOnceWhileTheKafkaBrokerIsDownAndRecoverByItself() {
    KafkaBroker broker = KafkaBroker.shared();
    try (Hub hub = start(StorageMode.KAFKA_POSTGRES, 100_000, 1_000_000)) {
      var client = HubClient.of(hub);
      // given: a hub that is healthy as soon as it has started, and takes events
      assertThat(client.getWithoutAuth("/health").status()).as("/health right after the start").isEqualTo(200);
      assertThat(client.post("/v1/track", "{\"userId\":\"u-before\",\"event\":\"E\"}").status()).isEqualTo(200);
      client.awaitProfile("user_id", "u-before", p -> true, WAIT);
      try {
        // when: the broker goes away
        broker.stop();
        // then: /health says so once no broker has answered for a few seconds
        var down = client.awaitHealth("/health to answer 503 with the broker down", r -> r.status() == 503, WAIT);
        assertThat(down.body().path("status").asText()).isEqualTo("DOWN");
        // and: ingest refuses at once, without waiting for the producer's delivery timeout
        long sending = System.nanoTime();
        var refused = client.post("/v1/track", "{\"userId\":\"u-refused\",\"event\":\"E\"}");
        Duration took = Duration.ofNanos(System.nanoTime() - sending);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("2");
        assertThat(refused.body().path("error").asText()).isEqualTo("log_unavailable");
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThat(client.getText("/metrics")).contains("tributary_events_rejected_total{reason=\"unavailable\",source=\"web\"} 1.0");
      } finally {
        broker.start();
      }
      // and when the broker is back, so is the hub, without a restart
      client.awaitHealth("/health to answer 200 with the broker back", r -> r.status() == 200, Duration.ofSeconds(60));
      long endAfter = client.logEnd();
      postUntilAccepted(client, "{\"userId\":\"u-after\",\"event\":\"E\",\"messageId\":\"m-after\"}");
      client.awaitProcessed(endAfter + 1, WAIT);
      JsonNode after = client.awaitProfile("user_id", "u-after", p -> true, WAIT);
      assertThat(after.path("computed_traits").path("event_counts").path("E").asLong()).isEqualTo(1);
      // and: everything in the log is applied, and the refused event was not in it
      assertThat(client.get("/v1/profiles/user_id/u-refused").status()).isEqualTo(404);
    }
  }
}
