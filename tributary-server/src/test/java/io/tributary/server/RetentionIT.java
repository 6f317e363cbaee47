package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the hub keeps for a while only, over real HTTP and real SQLite files. The embedded log's
 * retention: old events leave the log once applied, the profiles they built stay, the timeline
 * shows what it keeps of them, and the hub restarts and goes on after the log was cut. The
 * deduplication window: a resend within it is a duplicate; once it has passed, the id is forgotten
 * and a resend is processed as new, also after a restart.
 */
@Timeout(120)
class RetentionIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String WRITE_KEY = "wk_test_retention_0123456789";
  private static final String FORGOTTEN = "tributary_dedup_forgotten_ids_total";
  private static final String ADMIN = "adm_test_retention_0123456789";

  @TempDir Path dataDir;
  /** How far the hub's clock is ahead of the real one. */
  private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);
  private final InstantSource clock = () -> Instant.now().plus(ahead.get());

  /** A hub that keeps events in the log, and message ids for deduplication, for an hour. */
  private Hub start() {
    return start(false);
  }

  private Hub start(boolean dropTimeline) {
    var anHour = new HubSettings.RetentionSettings(Duration.ofHours(1), Duration.ofMillis(100));
    return Hub.start(
        HubSettings.forDataDir(dataDir)
            .withSources(List.of(new HubSettings.Source("web", WRITE_KEY)))
            .withAdminToken(ADMIN)
            .withLogRetention(anHour)
            .withLogRetentionDroppingTimeline(dropTimeline)
            .withDedupWindow(anHour),
        clock);
  }

  private static void order(HubClient client, String user, int n) {
    order(client, user, java.util.UUID.randomUUID().toString(), n);
  }

  private static long discarded(HubClient client) {
    return client.metric("tributary_log_discarded_events_total");
  }

  private static void awaitDiscarded(HubClient client, long n) {
    assertThat(client.awaitMetric("tributary_log_discarded_events_total", n, WAIT)).isEqualTo(n);
  }

  @Test
  void shouldDiscardOldEventsOnceAppliedKeepingTheProfilesTheyBuilt() {
    String user = "retained-user-1";
    String profileId;
    try (Hub hub = start()) {
      var client = HubClient.of(hub);
      // given: a customer signs up and orders twice, now
      assertThat(client.post("/v1/identify", "{\"userId\":\"" + user + "\",\"traits\":{\"plan\":\"pro\"}}").status()).isEqualTo(200);
      order(client, user, 1);
      order(client, user, 2);
      client.awaitProcessed(4, WAIT);
      HubClient.sleep(300);
      assertThat(discarded(client)).as("nothing is due an hour early").isZero();
      // when: two hours later, one more order
      ahead.set(Duration.ofHours(2));
      order(client, user, 3);
      client.awaitProcessed(5, WAIT);
      // then: the three old events leave the log, the new one stays
      awaitDiscarded(client, 3);
      JsonNode profile = client.awaitProfile("user_id", user, p -> true, WAIT);
      profileId = profile.path("id").asText();
      assertThat(profile.path("traits").path("plan").asText()).isEqualTo("pro");
      assertThat(profile.path("computed_traits").path("event_counts").path("Order Completed").asInt()).isEqualTo(3);
      // and the timeline keeps every event, the old ones without their record
      List<JsonNode> timeline = client.timeline(profileId);
      assertThat(timeline).hasSize(4);
      assertThat(timeline.getFirst().path("properties").path("n").asInt()).isEqualTo(3);
      assertThat(timeline.getFirst().has("expired")).isFalse();
      assertThat(timeline.subList(1, 4)).allSatisfy(e -> {
        assertThat(e.path("expired").asBoolean()).isTrue();
        assertThat(e.has("properties")).isFalse();
        assertThat(e.path("messageId").asText()).isNotEmpty();
      });
      assertThat(timeline.subList(1, 4)).extracting(e -> e.path("type").asText()).containsExactly("track", "track", "identify");
      assertThat(timeline.get(1).path("event").asText()).isEqualTo("Order Completed");
    }
    // when: the hub restarts on the cut log
    try (Hub hub = start()) {
      var client = HubClient.of(hub);
      order(client, user, 4);
      // then: positions continue where they were and processing goes on
      client.awaitProcessed(6, WAIT);
      assertThat(client.logEnd()).isEqualTo(6);
      JsonNode profile = client.awaitProfile("user_id", user, p -> p.path("computed_traits").path("event_counts").path("Order Completed").asInt() == 4, WAIT);
      assertThat(profile.path("id").asText()).isEqualTo(profileId);
    }
  }

  private static void order(HubClient client, String user, String messageId, int n) {
    var res = client.post("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"Order Completed\",\"messageId\":\"" + messageId + "\",\"properties\":{\"n\":" + n + "}}");
    assertThat(res.status()).isEqualTo(200);
  }

  private static int orders(HubClient client, String user) {
    JsonNode p = client.awaitProfile("user_id", user, x -> true, WAIT);
    return p.path("computed_traits").path("event_counts").path("Order Completed").asInt();
  }

  @Test
  void shouldTreatAResendAsDuplicateWithinTheWindowAndAsNewAfterIt() {
    String user = "dedup-user-1";
    try (Hub hub = start()) {
      var client = HubClient.of(hub);
      // given: an order, and the same order sent again at once
      order(client, user, "order-msg-1", 1);
      order(client, user, "order-msg-1", 1);
      client.awaitProcessed(2, WAIT);
      HubClient.sleep(300);
      // then: counted once; nothing forgotten within the window
      assertThat(orders(client, user)).isEqualTo(1);
      assertThat(client.metric(FORGOTTEN)).isZero();
      // when: two hours later, a second order comes in, then the first is forgotten
      ahead.set(Duration.ofHours(2));
      order(client, user, "order-msg-2", 2);
      client.awaitProcessed(3, WAIT);
      // then: only the first id is forgotten (the second was received within the hour)
      assertThat(client.awaitMetric(FORGOTTEN, 1, WAIT)).isEqualTo(1);
    }
    try (Hub hub = start()) {
      var client = HubClient.of(hub);
      // when: after a restart, both ids are sent again
      order(client, user, "order-msg-1", 1);
      order(client, user, "order-msg-2", 2);
      client.awaitProcessed(5, WAIT);
      // then: the forgotten one counts as a new order, the remembered one is still a duplicate
      assertThat(orders(client, user)).isEqualTo(3);
    }
  }

  @Test
  void shouldDeleteTheTimelineRowsOfDiscardedEventsWhenToldTo() {
    String user = "retained-user-2";
    try (Hub hub = start(true)) {
      var client = HubClient.of(hub);
      // given: a sign-up and two orders, now; two hours later a third order
      assertThat(client.post("/v1/identify", "{\"userId\":\"" + user + "\",\"traits\":{\"plan\":\"pro\"}}").status()).isEqualTo(200);
      order(client, user, 1);
      order(client, user, 2);
      client.awaitProcessed(3, WAIT);
      ahead.set(Duration.ofHours(2));
      order(client, user, 3);
      client.awaitProcessed(4, WAIT);
      // when: the three old events leave the log
      awaitDiscarded(client, 3);
      // then: their timeline rows go with them; the profile keeps what they built
      assertThat(client.awaitMetric("tributary_timeline_rows_deleted_total", 3, WAIT)).isEqualTo(3);
      JsonNode profile = client.awaitProfile("user_id", user, p -> true, WAIT);
      assertThat(profile.path("traits").path("plan").asText()).isEqualTo("pro");
      assertThat(profile.path("computed_traits").path("event_counts").path("Order Completed").asInt()).isEqualTo(3);
      List<JsonNode> timeline = client.timeline(profile.path("id").asText());
      assertThat(timeline).hasSize(1);
      assertThat(timeline.getFirst().path("properties").path("n").asInt()).isEqualTo(3);
    }
  }
}
