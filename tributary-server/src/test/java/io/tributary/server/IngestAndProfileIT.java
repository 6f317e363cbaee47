package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Segment-spec ingest and the profile API, over real HTTP, in both storage modes: on real SQLite
 * files, and on a real Kafka broker and PostgreSQL server.
 */
@Timeout(120)
@ParameterizedClass
@EnumSource(StorageMode.class)
class IngestAndProfileIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String WRITE_KEY = "wk_test_web_0123456789";
  private static final String ADMIN = "adm_test_0123456789abcdef";

  @TempDir static Path dataDir;
  @Parameter StorageMode mode;
  static Hub hub;
  static HubClient client;

  @BeforeParameterizedClassInvocation
  static void start(StorageMode mode) {
    hub =
        Hub.start(
            HubSettings.forDataDir(dataDir.resolve(mode.name()))
                .withSources(List.of(new HubSettings.Source("web", WRITE_KEY)))
                .withAdminToken(ADMIN)
                .withStorage(mode.newStorage("ingest-and-profile")),
            InstantSource.system());
    client = new HubClient(URI.create("http://127.0.0.1:" + hub.port()), WRITE_KEY, ADMIN);
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    hub.close();
  }

  private static String uid() {
    return "u-" + UUID.randomUUID();
  }

  @Test
  void shouldAcceptATrackCallAndShowItInTheProfile() {
    // given
    String user = uid();
    // when
    var res = client.post("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"Order Completed\",\"properties\":{\"total\":42.5}}");
    // then
    assertThat(res.status()).isEqualTo(200);
    assertThat(res.body().path("success").asBoolean()).isTrue();
    JsonNode profile =
        client.awaitProfile("user_id", user, p -> p.path("computed_traits").path("event_counts").path("Order Completed").asLong() == 1, WAIT);
    assertThat(profile.path("identifiers").toString()).contains("user_id").contains(user);
  }

  @Test
  void shouldRefuseUnknownWriteKeysWith401() {
    var wrongHeader = client.post("/v1/track", "{\"userId\":\"u\",\"event\":\"E\"}", "Basic " + java.util.Base64.getEncoder().encodeToString("nope:".getBytes()));
    var none = client.post("/v1/track", "{\"userId\":\"u\",\"event\":\"E\"}", null);
    var wrongBody = client.post("/v1/track", "{\"userId\":\"u\",\"event\":\"E\",\"writeKey\":\"nope\"}", null);
    assertThat(List.of(wrongHeader.status(), none.status(), wrongBody.status())).containsOnly(401);
    assertThat(none.body().path("error").asText()).isEqualTo("unauthorized");
  }

  @Test
  void shouldAcceptTheWriteKeyInTheBody() {
    String user = uid();
    var res = client.post("/v1/identify", "{\"userId\":\"" + user + "\",\"writeKey\":\"" + WRITE_KEY + "\",\"traits\":{\"plan\":\"pro\"}}", null);
    assertThat(res.status()).isEqualTo(200);
    JsonNode profile = client.awaitProfile("user_id", user, p -> p.path("traits").has("plan"), WAIT);
    assertThat(profile.path("traits").path("plan").asText()).isEqualTo("pro");
    assertThat(profile.toString()).doesNotContain(WRITE_KEY);
  }

  @Test
  void shouldAnswer413ForAnEventOver32KbAndABatchOver500Kb() {
    String big = "x".repeat(33 * 1024);
    var single = client.post("/v1/track", "{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"p\":\"" + big + "\"}}");
    StringBuilder batch = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < 20; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"p\":\"").append("y".repeat(30 * 1024)).append("\"}}");
    }
    var tooBigBatch = client.post("/v1/batch", batch.append("]}").toString());
    assertThat(single.status()).isEqualTo(413);
    assertThat(single.body().path("message").asText()).contains("32768");
    assertThat(tooBigBatch.status()).isEqualTo(413);
  }

  @Test
  void shouldNameTheFieldAndRuleOfAnInvalidEvent() {
    var res = client.post("/v1/track", "{\"userId\":\"u-1\",\"properties\":[]}");
    assertThat(res.status()).isEqualTo(400);
    assertThat(res.body().path("errors").toString()).contains("\"field\":\"event\"").contains("\"field\":\"properties\"");
    var notJson = client.post("/v1/track", "{not json");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.body().path("error").asText()).isEqualTo("invalid_json");
  }

  @Test
  void shouldKeepTheValidItemsOfABatchAndReportTheInvalidOnesByIndex() {
    // given
    String user = uid();
    String body =
        "{\"batch\":["
            + "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"A\"},"
            + "{\"type\":\"track\",\"userId\":\"" + user + "\"},"
            + "{\"type\":\"identify\",\"userId\":\"" + user + "\",\"traits\":{\"tier\":\"gold\"}},"
            + "{\"type\":\"bogus\",\"userId\":\"" + user + "\"}"
            + "],\"context\":{\"library\":{\"name\":\"batch-lib\"}}}";
    // when
    var res = client.post("/v1/batch", body);
    // then
    assertThat(res.status()).isEqualTo(400);
    assertThat(res.body().path("accepted").asInt()).isEqualTo(2);
    List<Integer> indexes = new ArrayList<>();
    res.body().path("rejected").forEach(r -> indexes.add(r.path("index").asInt()));
    assertThat(indexes).containsExactly(1, 3);
    JsonNode profile = client.awaitProfile("user_id", user, p -> p.path("traits").has("tier") && p.path("computed_traits").path("event_counts").has("A"), WAIT);
    List<JsonNode> events = client.timeline(profile.path("id").asText());
    assertThat(events).hasSize(2);
    assertThat(events).allSatisfy(e -> assertThat(e.path("context").path("library").path("name").asText()).isEqualTo("batch-lib"));
  }

  @Test
  void shouldApplyAResentMessageIdOnlyOnce() {
    String user = uid();
    String body = "{\"userId\":\"" + user + "\",\"event\":\"Clicked\",\"messageId\":\"msg-" + user + "\"}";
    for (int i = 0; i < 3; i++) {
      assertThat(client.post("/v1/track", body).status()).isEqualTo(200);
    }
    client.post("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"Marker\"}");
    JsonNode profile = client.awaitProfile("user_id", user, p -> p.path("computed_traits").path("event_counts").has("Marker"), WAIT);
    assertThat(profile.path("computed_traits").path("event_counts").path("Clicked").asLong()).isEqualTo(1);
    assertThat(client.timeline(profile.path("id").asText())).hasSize(2);
  }

  @Test
  void shouldMergeTheAnonymousVisitorIntoTheCustomerAndKeepTheOldIdAddressable() {
    // given: a visitor browses anonymously, and separately a customer is known by user id
    String anon = "anon-" + UUID.randomUUID();
    String user = uid();
    client.post("/v1/page", "{\"anonymousId\":\"" + anon + "\",\"name\":\"Home\"}");
    client.post("/v1/identify", "{\"userId\":\"" + user + "\",\"traits\":{\"email\":\"Ada.Example@Example.com\"}}");
    String anonProfile = client.awaitProfile("anonymous_id", anon, p -> true, WAIT).path("id").asText();
    String userProfile = client.awaitProfile("user_id", user, p -> true, WAIT).path("id").asText();
    assertThat(anonProfile).isNotEqualTo(userProfile);
    // when: the visitor logs in
    client.post("/v1/track", "{\"userId\":\"" + user + "\",\"anonymousId\":\"" + anon + "\",\"event\":\"Signed In\"}");
    // then
    JsonNode merged = client.awaitProfile("anonymous_id", anon, p -> p.path("merged_from").size() == 1, WAIT);
    assertThat(client.get("/v1/profiles/email/ada.example@example.com").body().path("id").asText()).isEqualTo(merged.path("id").asText());
    String mergedAway = merged.path("merged_from").get(0).asText();
    assertThat(List.of(anonProfile, userProfile)).contains(mergedAway);
    assertThat(client.get("/v1/profiles/" + mergedAway).body().path("id").asText()).isEqualTo(merged.path("id").asText());
    JsonNode identity = client.get("/v1/profiles/" + mergedAway + "/identity").body();
    assertThat(identity.path("links").size()).isEqualTo(3);
    assertThat(identity.path("merges").size()).isEqualTo(1);
    assertThat(identity.path("merges").get(0).path("event").path("message_id").asText()).isNotEmpty();
    assertThat(client.timeline(merged.path("id").asText())).hasSize(3);
  }

  @Test
  void shouldPageATimelineNewestFirst() {
    String user = uid();
    StringBuilder batch = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < 12; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"E" + i
          + "\",\"timestamp\":\"2026-01-01T00:00:" + String.format("%02d", i) + "Z\"}");
    }
    assertThat(client.post("/v1/batch", batch.append("]}").toString()).status()).isEqualTo(200);
    String id = client.awaitProfile("user_id", user, p -> p.path("computed_traits").path("event_counts").size() == 12, WAIT).path("id").asText();
    var first = client.get("/v1/profiles/" + id + "/events?limit=5").body();
    assertThat(first.path("events").get(0).path("event").asText()).isEqualTo("E11");
    var second = client.get("/v1/profiles/" + id + "/events?limit=5&cursor=" + first.path("next_cursor").asText()).body();
    assertThat(second.path("events").get(0).path("event").asText()).isEqualTo("E6");
    assertThat(client.get("/v1/profiles/" + id + "/events?limit=0").status()).isEqualTo(400);
    assertThat(client.get("/v1/profiles/" + id + "/events?cursor=bm90LWEtY3Vyc29y").status()).isEqualTo(400);
  }

  @Test
  void shouldServeProfilesOnlyToTheAdminToken() {
    assertThat(client.getWithoutAuth("/v1/profiles/user_id/anyone").status()).isEqualTo(401);
    assertThat(client.get("/v1/profiles/user_id/nobody-" + UUID.randomUUID()).status()).isEqualTo(404);
  }

  @Test
  void shouldReportHealthMetricsAndTheOpenApiDocument() {
    var health = client.getWithoutAuth("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body().path("status").asText()).isEqualTo("UP");
    client.post("/v1/track", "{\"userId\":\"m\",\"event\":\"E\"}");
    client.post("/v1/track", "{\"userId\":\"m\"}");
    String metrics = client.getText("/metrics");
    assertThat(metrics)
        .contains("tributary_events_accepted_total{source=\"web\"}")
        .contains("tributary_events_rejected_total{reason=\"invalid\",source=\"web\"}")
        .contains("tributary_log_end_position")
        .contains("tributary_processor_lag_events")
        .contains("tributary_ingest_to_visible_seconds_bucket")
        .contains("tributary_ingest_request_seconds_bucket")
        .contains("tributary_processor_transaction_seconds_bucket");
    // where the time goes: the accepted event was written to the log, then applied by a transaction
    assertThat(client.awaitMetric("tributary_processor_transaction_seconds_count", 1, WAIT)).isPositive();
    if (mode == StorageMode.EMBEDDED) {
      assertThat(client.metric("tributary_log_write_seconds_count")).isPositive();
    } else {
      assertThat(metrics).doesNotContain("tributary_log_write"); // Kafka's appends are not measured
    }
    String openApi = client.getText("/openapi.yaml");
    for (String path : List.of("/v1/track:", "/v1/identify:", "/v1/page:", "/v1/screen:", "/v1/group:", "/v1/alias:",
        "/v1/batch:", "/v1/profiles/{idType}/{value}:", "/v1/profiles/{id}/events:", "/v1/profiles/{id}/identity:", "/health:", "/metrics:")) {
      assertThat(openApi).contains(path);
    }
  }

  @Test
  void shouldAcceptAGzipBodyAndBoundItsDecodedSize() throws Exception {
    String user = uid();
    var small = gzipPost("{\"userId\":\"" + user + "\",\"event\":\"Zipped\"}");
    assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
    client.awaitProfile("user_id", user, p -> p.path("computed_traits").path("event_counts").has("Zipped"), WAIT);
    // 40 KB of one letter compresses to well under 32 KB, but decodes past the limit
    var bomb = gzipPost("{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"p\":\"" + "a".repeat(40 * 1024) + "\"}}");
    assertThat(bomb.statusCode()).isEqualTo(413);
  }

  private static java.net.http.HttpResponse<String> gzipPost(String json) throws Exception {
    var bytes = new java.io.ByteArrayOutputStream();
    try (var gz = new java.util.zip.GZIPOutputStream(bytes)) {
      gz.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    var req = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + "/v1/track"))
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes()))
        .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())).build();
    return java.net.http.HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
  }
}
