package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.identity.IdentityRules;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a client sees when the hub cannot take more: 503 or 429 with Retry-After, nothing kept. */
@Timeout(60)
class BackpressureIT {
  private static final String WRITE_KEY = "wk_backpressure_0123456789";
  private static final String ADMIN = "adm_backpressure_0123456789";

  @TempDir Path dataDir;

  private Hub start(int maxPendingEvents, long maxProcessingLag) {
    return Hub.start(
        new HubSettings("127.0.0.1", 0, dataDir, Optional.of(ADMIN), List.of(new HubSettings.Source("web", WRITE_KEY)),
            32 * 1024, 500 * 1024, maxPendingEvents, maxProcessingLag, 2, 10_000, "FULL", 1_000,
            IdentityRules.defaults(), true, new Storage.Embedded()),
        InstantSource.system());
  }

  private static String batch(String user, int n) {
    StringBuilder b = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"").append(user).append("\",\"event\":\"E").append(i).append("\"}");
    }
    return b.append("]}").toString();
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenTheLogCannotTakeTheEventsAndKeepNothingOfThem() {
    // given: at most 10 events may wait for the log
    try (Hub hub = start(10, 1_000_000)) {
      var client = new HubClient(URI.create("http://127.0.0.1:" + hub.port()), WRITE_KEY, ADMIN);
      // when
      var refused = client.post("/v1/batch", batch("u-refused", 20));
      var taken = client.post("/v1/batch", batch("u-taken", 5));
      // then
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).contains("2");
      assertThat(refused.body().path("error").asText()).isEqualTo("log_overloaded");
      assertThat(taken.status()).isEqualTo(200);
      client.awaitProfile("user_id", "u-taken", p -> true, java.time.Duration.ofSeconds(20));
      assertThat(client.get("/v1/profiles/user_id/u-refused").status()).isEqualTo(404);
      assertThat(client.getText("/metrics")).contains("tributary_events_rejected_total{reason=\"throttled\",source=\"web\"} 20.0");
    }
  }

  @Test
  void shouldAnswer429WithRetryAfterWhenProcessingIsTooFarBehind() {
    // given: a bound that any lag exceeds
    try (Hub hub = start(100_000, -1)) {
      var client = new HubClient(URI.create("http://127.0.0.1:" + hub.port()), WRITE_KEY, ADMIN);
      // when
      var res = client.post("/v1/track", "{\"userId\":\"u-1\",\"event\":\"E\"}");
      // then
      assertThat(res.status()).isEqualTo(429);
      assertThat(res.headers().firstValue("Retry-After")).contains("2");
      assertThat(res.body().path("error").asText()).isEqualTo("processing_behind");
      assertThat(client.getWithoutAuth("/health").body().path("log").path("end_position").asLong()).isEqualTo(1);
    }
  }
}
