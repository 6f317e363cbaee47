package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.core.delivery.DefinitionJson;
import io.tributary.server.WebhookReceiver.Answer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Destinations end to end, in both storage modes: events in over the Segment API, payloads out to
 * real HTTP receivers, with the definitions, dead letters and stats driven through the admin API.
 */
@Timeout(180)
@ParameterizedClass
@EnumSource(StorageMode.class)
class DestinationsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String WRITE_KEY = "wk_test_dest_0123456789";
  private static final String ADMIN = "adm_test_dest_0123456789";
  /** Short backoffs, so retries happen within the test. */
  private static final String FAST_RETRY = "\"retry\": {\"max-attempts\": 4, \"initial-backoff\": \"50ms\", \"max-backoff\": \"200ms\"}";

  @TempDir static Path dataDir;
  @Parameter StorageMode mode;
  static Hub hub;
  static HubClient client;
  static WebhookReceiver audit = new WebhookReceiver(WebhookReceiver.OK);

  @BeforeParameterizedClassInvocation
  static void start(StorageMode mode) {
    var configured =
        DefinitionJson.read(
            HubClient.JSON.valueToTree(
                Map.of(
                    "name", "audit",
                    "events", Map.of("names", List.of("Audit Probe")),
                    "transport", Map.of("type", "http", "url", audit.url("/audit")))),
            null);
    hub =
        Hub.start(
            HubSettings.forDataDir(dataDir.resolve(mode.name()))
                .withSources(List.of(new HubSettings.Source("web", WRITE_KEY)))
                .withAdminToken(ADMIN)
                .withStorage(mode.newStorage("destinations"))
                .withDestinations(List.of(configured)),
            InstantSource.system());
    client = new HubClient(URI.create("http://127.0.0.1:" + hub.port()), WRITE_KEY, ADMIN);
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    hub.close();
  }

  @AfterAll
  static void closeReceivers() {
    audit.close();
  }

  private static String uid(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  private static void define(String name, String json) {
    var res = client.admin("PUT", "/v1/destinations/" + name, json);
    assertThat(res.status()).as(res.body().toString()).isIn(200, 201);
  }

  private static void track(String userId, String event, String properties) {
    var res = client.post("/v1/track", "{\"userId\":\"" + userId + "\",\"event\":\"" + event + "\",\"properties\":" + properties + "}");
    assertThat(res.status()).isEqualTo(200);
  }

  @Test
  void shouldSendOneOrderToTheCrmTheMarketingToolAndTheErpEachInItsOwnShape() throws Exception {
    try (var crm = new WebhookReceiver(WebhookReceiver.OK);
        var marketing = new WebhookReceiver(WebhookReceiver.OK);
        var erp = new WebhookReceiver(WebhookReceiver.OK)) {
      // given: three systems, each with its own mapping and credentials, all on the same order event
      String suffix = mode.name().toLowerCase().replace('_', '-');
      define("crm-" + suffix, """
          {"events": {"types": ["track"], "names": ["Order Completed"]},
           "mapping": "{'customerId': profile.id, 'email': profile.traits.email, 'name': profile.traits.name, 'lastOrderTotal': event.properties.total}",
           "transport": {"type": "http", "url": "%s", "auth": {"type": "hmac", "secret": "crm-shared-secret"}}}
          """.formatted(crm.url("/crm/customers")));
      define("marketing-" + suffix, """
          {"events": {"names": ["Order Completed"]},
           "filter": "event.properties.total >= 50 && has(profile.traits.email)",
           "mapping": "{'contact': {'email': profile.traits.email}, 'tags': ['buyer'], 'orderCount': profile.computed_traits.event_counts.`Order Completed`}",
           "transport": {"type": "http", "url": "%s", "method": "PUT", "auth": {"type": "bearer", "token": "mk-token"}},
           "consent-category": "marketing"}
          """.formatted(marketing.url("/contacts")));
      define("erp-" + suffix, """
          {"events": {"names": ["Order Completed"]},
           "mapping": "{'debtor': {'no': profile.identifiers.user_id[0], 'mail': profile.traits.email}, 'amount': $string(event.properties.total) & ' ' & event.properties.currency}",
           "transport": {"type": "http", "url": "%s", "auth": {"type": "basic", "user": "hub", "password": "erp-pass"}, "headers": {"X-Erp-Client": "tributary"}}}
          """.formatted(erp.url("/debtors")));
      String user = uid("cust");
      // when: the customer signs up, then orders once
      assertThat(client.post("/v1/identify", "{\"userId\":\"" + user + "\",\"traits\":{\"email\":\"ada.example@example.com\",\"name\":\"Ada Example\"}}").status())
          .isEqualTo(200);
      track(user, "Order Completed", "{\"total\":129.9,\"currency\":\"EUR\"}");
      // then: each system got the customer once, in its own format
      var toCrm = crm.await(r -> r.size() >= 1, WAIT).getFirst();
      var toMarketing = marketing.await(r -> r.size() >= 1, WAIT).getFirst();
      var toErp = erp.await(r -> r.size() >= 1, WAIT).getFirst();
      String profileId = client.awaitProfile("user_id", user, p -> true, WAIT).path("id").asText();
      assertThat(toCrm.json()).isEqualTo(HubClient.JSON.readTree(
          "{\"customerId\":\"" + profileId + "\",\"email\":\"ada.example@example.com\",\"name\":\"Ada Example\",\"lastOrderTotal\":129.9}"));
      assertThat(toCrm.method()).isEqualTo("POST");
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec("crm-shared-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      assertThat(toCrm.header("X-Tributary-Signature")).isEqualTo("sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(toCrm.body())));
      assertThat(toMarketing.json()).isEqualTo(HubClient.JSON.readTree(
          "{\"contact\":{\"email\":\"ada.example@example.com\"},\"tags\":[\"buyer\"],\"orderCount\":1}"));
      assertThat(toMarketing.method()).isEqualTo("PUT");
      assertThat(toMarketing.header("Authorization")).isEqualTo("Bearer mk-token");
      assertThat(toErp.json()).isEqualTo(HubClient.JSON.readTree(
          "{\"debtor\":{\"no\":\"" + user + "\",\"mail\":\"ada.example@example.com\"},\"amount\":\"129.9 EUR\"}"));
      assertThat(toErp.header("Authorization")).isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("hub:erp-pass".getBytes(StandardCharsets.UTF_8)));
      assertThat(toErp.header("X-Erp-Client")).isEqualTo("tributary");
      // and every request names its event, differently per destination
      Set<String> keys = Set.of(toCrm.header("Idempotency-Key"), toMarketing.header("Idempotency-Key"), toErp.header("Idempotency-Key"));
      assertThat(keys).hasSize(3).doesNotContainNull();
      // when: a small order, and one whose sender refused marketing consent
      track(user, "Order Completed", "{\"total\":10,\"currency\":\"EUR\"}");
      assertThat(client.post("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"Order Completed\",\"properties\":{\"total\":500,\"currency\":\"EUR\"},"
          + "\"context\":{\"consent\":{\"categoryPreferences\":{\"marketing\":false}}}}").status()).isEqualTo(200);
      // then: the CRM gets both, marketing neither (filter, consent)
      crm.await(r -> r.size() >= 3, WAIT);
      erp.await(r -> r.size() >= 3, WAIT);
      HubClient.sleep(300);
      assertThat(marketing.requests()).hasSize(1);
    }
  }

  @Test
  void shouldRetryDeadLetterAndIsolateDestinationsThatFailEachInTheirOwnWay() {
    int events = 8;
    try (var healthy = new WebhookReceiver(WebhookReceiver.OK);
        // 500 for the first 6 requests (and asks for no wait), then accepts
        var flaky = new WebhookReceiver(n -> n <= 6 ? new Answer(503, Map.of("Retry-After", "0"), "busy", Duration.ZERO) : Answer.status(202));
        var slow = new WebhookReceiver(n -> new Answer(200, Map.of(), "", Duration.ofSeconds(2)));
        var refusing = new WebhookReceiver(n -> new Answer(400, Map.of(), "{\"error\":\"missing field vat_id\"}", Duration.ZERO))) {
      // given
      String s = "-" + mode.name().toLowerCase().replace('_', '-');
      String events1 = "\"events\": {\"names\": [\"Cart Viewed\"]}";
      define("healthy" + s, "{" + events1 + ", \"transport\": {\"type\": \"http\", \"url\": \"" + healthy.url("/") + "\"}}");
      define("flaky" + s, "{" + events1 + ", " + FAST_RETRY + ", \"transport\": {\"type\": \"http\", \"url\": \"" + flaky.url("/") + "\"}}");
      define("slow" + s, "{" + events1 + ", " + FAST_RETRY.replace("\"max-attempts\": 4", "\"max-attempts\": 2")
          + ", \"transport\": {\"type\": \"http\", \"url\": \"" + slow.url("/") + "\", \"timeout\": \"200ms\"}}");
      define("refusing" + s, "{" + events1 + ", " + FAST_RETRY + ", \"transport\": {\"type\": \"http\", \"url\": \"" + refusing.url("/") + "\"}}");
      List<String> users = new ArrayList<>();
      // when
      for (int i = 0; i < events; i++) {
        String user = uid("u");
        users.add(user);
        track(user, "Cart Viewed", "{\"i\":" + i + "}");
      }
      // then: the healthy one gets everything, without waiting for the others
      var toHealthy = healthy.await(r -> r.size() >= events, Duration.ofSeconds(10));
      assertThat(toHealthy).allMatch(WebhookReceiver.Request::accepted);
      assertThat(toHealthy.stream().map(r -> r.header("Idempotency-Key")).distinct()).hasSize(events);
      // the flaky one gets everything in the end, each event under one key however often it was sent
      var toFlaky = flaky.await(r -> r.stream().filter(WebhookReceiver.Request::accepted).count() >= events, WAIT);
      assertThat(toFlaky.stream().filter(WebhookReceiver.Request::accepted).map(r -> r.header("Idempotency-Key")).distinct()).hasSize(events);
      assertThat(toFlaky.stream().map(r -> r.header("Idempotency-Key")).distinct()).hasSize(events);
      // the refusing one is not retried: each event was sent once and is a dead letter with the answer
      JsonNode dead = awaitDeadLetters("refusing" + s, events);
      assertThat(refusing.requests()).hasSize(events);
      assertThat(dead.path("dead_letters").get(0).path("last_error").asText()).isEqualTo("HTTP 400: {\"error\":\"missing field vat_id\"}");
      assertThat(dead.path("dead_letters").get(0).path("attempts").asInt()).isEqualTo(1);
      // the slow one times out twice per event and gives up; its circuit breaker opened after 5
      // timeouts in a row, so it is probed ever less often instead of hammered
      JsonNode slowDead = awaitDeadLetters("slow" + s, 3);
      assertThat(slowDead.path("dead_letters").get(0).path("last_error").asText()).startsWith("timed out after 200 ms");
      assertThat(slowDead.path("dead_letters").get(0).path("attempts").asInt()).isEqualTo(2);
      assertThat(client.get("/v1/destinations/slow" + s).body().path("circuit_open").asBoolean()).isTrue();
      assertThat(slow.requests().size()).isLessThan(2 * events);
      // stats tell the same
      JsonNode flakyStats = client.get("/v1/destinations/flaky" + s).body().path("stats");
      assertThat(flakyStats.path("delivered").asLong()).isEqualTo(events);
      assertThat(flakyStats.path("failed").asLong()).isGreaterThanOrEqualTo(6);
      assertThat(flakyStats.path("retries").asLong()).isGreaterThanOrEqualTo(6);
      awaitStat("flaky" + s, "pending", 0);
      assertThat(flakyStats.path("latency_p99_ms").asDouble()).isPositive();
      // and say why a destination failed: the latest failed send's answer, none for the healthy one
      assertThat(flakyStats.path("last_failure").path("error").asText()).isEqualTo("HTTP 503: busy");
      assertThat(Instant.parse(flakyStats.path("last_failure").path("at").asText())).isBefore(Instant.now());
      assertThat(client.get("/v1/destinations/slow" + s).body().path("stats").path("last_failure").path("error").asText())
          .startsWith("timed out after 200 ms");
      assertThat(client.get("/v1/destinations/healthy" + s).body().path("stats").path("last_failure").isNull()).isTrue();
      awaitStat("refusing" + s, "dead_letters", events);
      assertThat(client.getText("/metrics")).contains("tributary_delivery_delivered_total{destination=\"healthy" + s + "\"} " + events + ".0");

      // when: the receiver is fixed; one dead letter is inspected and replayed, then 3 by filter, then the rest discarded
      refusing.behave(WebhookReceiver.OK);
      long firstId = dead.path("dead_letters").get(0).path("id").asLong();
      JsonNode inspected = client.get("/v1/destinations/refusing" + s + "/dead-letters/" + firstId).body();
      assertThat(inspected.path("payload").path("event").asText()).isEqualTo("Cart Viewed");
      assertThat(inspected.path("payload").path("profile").path("identifiers").path("user_id").isArray()).isTrue();
      assertThat(client.admin("POST", "/v1/destinations/refusing" + s + "/dead-letters/" + firstId + "/replay", null).body().path("replayed").asInt()).isEqualTo(1);
      assertThat(client.admin("POST", "/v1/destinations/refusing" + s + "/dead-letters/replay?limit=3&error=vat_id", null).body().path("replayed").asInt()).isEqualTo(3);
      refusing.await(r -> r.stream().filter(WebhookReceiver.Request::accepted).count() == 4, WAIT);
      assertThat(client.admin("DELETE", "/v1/destinations/refusing" + s + "/dead-letters", null).body().path("discarded").asInt()).isEqualTo(events - 4);
      assertThat(client.get("/v1/destinations/refusing" + s + "/dead-letters").body().path("dead_letters").size()).isZero();
      // and a replayed message keeps its key: the receiver can tell it from a new event
      Set<String> firstKeys = new HashSet<>();
      refusing.requests().stream().limit(events).forEach(r -> firstKeys.add(r.header("Idempotency-Key")));
      assertThat(firstKeys).containsAll(refusing.accepted().stream().map(r -> r.header("Idempotency-Key")).toList());
    }
  }

  @Test
  void shouldSendTheEventsAMappingFailedOnOnceTheMappingIsFixedAndReplayed() {
    try (var erp = new WebhookReceiver(WebhookReceiver.OK)) {
      // given: a mapping that fails on orders without a number of items
      String name = "erp-mapping-" + mode.name().toLowerCase().replace('_', '-');
      String broken = "{'order': event.properties.order_id, 'items': $number(event.properties.items)}";
      define(name, "{\"events\": {\"names\": [\"Order Shipped\"]}, \"mapping\": \"" + broken + "\", "
          + "\"transport\": {\"type\": \"http\", \"url\": \"" + erp.url("/orders") + "\"}}");
      String user = uid("ship");
      // when: one order with a number, two with text the mapping cannot take
      track(user, "Order Shipped", "{\"order_id\":\"o-1\",\"items\":2}");
      track(user, "Order Shipped", "{\"order_id\":\"o-2\",\"items\":\"three\"}");
      track(user, "Order Shipped", "{\"order_id\":\"o-3\",\"items\":\"four\"}");
      // then: the first is sent, the others are dead letters holding the mapping's input
      erp.await(r -> r.size() >= 1, WAIT);
      JsonNode dead = awaitDeadLetters(name, 2);
      JsonNode first = dead.path("dead_letters").get(0);
      assertThat(first.path("mapped").asBoolean(true)).isFalse();
      assertThat(first.path("last_error").asText()).startsWith("mapping failed: ");
      long firstId = first.path("id").asLong();
      JsonNode inspected = client.get("/v1/destinations/" + name + "/dead-letters/" + firstId).body();
      assertThat(inspected.path("mapping_input").path("event").path("properties").path("order_id").asText()).isEqualTo("o-2");
      // when: replayed before the mapping is fixed, it fails again and stays, with the new failure
      var again = client.admin("POST", "/v1/destinations/" + name + "/dead-letters/" + firstId + "/replay", null);
      assertThat(again.status()).isEqualTo(409);
      assertThat(again.body().path("error").asText()).isEqualTo("mapping_failed");
      assertThat(client.get("/v1/destinations/" + name + "/dead-letters").body().path("dead_letters")).hasSize(2);
      // when: the mapping is fixed, one letter is replayed by id and the rest by filter
      String fixed = "{'order': event.properties.order_id, 'items': $type(event.properties.items) = 'number' ? event.properties.items : null,"
          + " 'items_text': $string(event.properties.items), 'customer': profile.identifiers.user_id[0]}";
      define(name, "{\"events\": {\"names\": [\"Order Shipped\"]}, \"mapping\": \"" + fixed + "\", "
          + "\"transport\": {\"type\": \"http\", \"url\": \"" + erp.url("/orders") + "\"}}");
      var one = client.admin("POST", "/v1/destinations/" + name + "/dead-letters/" + firstId + "/replay", null);
      assertThat(one.status()).isEqualTo(200);
      assertThat(one.body().path("replayed").asInt()).isEqualTo(1);
      var rest = client.admin("POST", "/v1/destinations/" + name + "/dead-letters/replay", null).body();
      assertThat(rest.path("replayed").asInt()).isEqualTo(1);
      assertThat(rest.path("still_failing").asInt()).isZero();
      // then: the receiver gets both through the fixed mapping, under the keys they always had
      var received = erp.await(r -> r.size() >= 3, WAIT);
      assertThat(received.subList(1, 3)).extracting(r -> r.json().path("order").asText()).containsExactly("o-2", "o-3");
      assertThat(received.get(1).json().path("items_text").asText()).isEqualTo("three");
      assertThat(received.get(1).json().path("customer").asText()).isEqualTo(user);
      assertThat(received.stream().map(r -> r.header("Idempotency-Key")).distinct()).hasSize(3);
      assertThat(client.get("/v1/destinations/" + name + "/dead-letters").body().path("dead_letters")).isEmpty();
    }
  }

  /** Waits for a stat read from the store (refreshed at most once a second) to reach a value. */
  private static void awaitStat(String destination, String stat, long expected) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    long last = -1;
    while (System.nanoTime() < deadline) {
      last = client.get("/v1/destinations/" + destination).body().path("stats").path(stat).asLong();
      if (last == expected) {
        return;
      }
      HubClient.sleep(100);
    }
    throw new AssertionError("Expected " + stat + " of " + destination + " to become " + expected + ", last saw " + last);
  }

  private static JsonNode awaitDeadLetters(String destination, int n) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = client.get("/v1/destinations/" + destination + "/dead-letters?limit=100").body();
      if (last.path("dead_letters").size() >= n) {
        return last;
      }
      HubClient.sleep(50);
    }
    throw new AssertionError("Expected " + n + " dead letters of " + destination + ", last saw " + last);
  }

  @Test
  void shouldDeliverEachProfilesEventsInOrderWhileTheReceiverFailsAtRandom() {
    try (var receiver = new WebhookReceiver(n -> ThreadLocalRandom.current().nextInt(10) < 3 ? Answer.status(500) : Answer.status(200))) {
      // given
      String name = "ordered-" + mode.name().toLowerCase().replace('_', '-');
      define(name, "{\"events\": {\"names\": [\"Step\"]}, \"mapping\": \"{'user': event.userId, 'seq': event.properties.seq}\", "
          + "\"retry\": {\"max-attempts\": 50, \"initial-backoff\": \"5ms\", \"max-backoff\": \"20ms\"}, "
          + "\"transport\": {\"type\": \"http\", \"url\": \"" + receiver.url("/") + "\"}}");
      List<String> users = List.of(uid("o"), uid("o"), uid("o"));
      int steps = 15;
      // when: each user's steps are sent in order
      for (int seq = 0; seq < steps; seq++) {
        for (String user : users) {
          track(user, "Step", "{\"seq\":" + seq + "}");
        }
      }
      // then: each user's accepted steps arrive exactly in order, none missing
      receiver.await(r -> r.stream().filter(WebhookReceiver.Request::accepted).count() >= (long) steps * users.size(), Duration.ofSeconds(60));
      for (String user : users) {
        List<Integer> seen =
            receiver.accepted().stream().map(WebhookReceiver.Request::json).filter(j -> j.path("user").asText().equals(user))
                .map(j -> j.path("seq").asInt()).toList();
        assertThat(seen).as("steps of one user, in the order they were accepted").isEqualTo(java.util.stream.IntStream.range(0, steps).boxed().toList());
      }
    }
  }

  @Test
  void shouldCarryTheReadyMessagesOfManyProfilesPerRequestWithMaxBatchKeepingEachProfilesOrder() {
    try (var receiver = new WebhookReceiver(n -> ThreadLocalRandom.current().nextInt(10) < 3 ? Answer.status(503) : Answer.status(200))) {
      // given: a backlog built up while the destination was paused
      String name = "batched-" + mode.name().toLowerCase().replace('_', '-');
      define(name, "{\"events\": {\"names\": [\"Batched Step\"]}, \"mapping\": \"{'user': event.userId, 'seq': event.properties.seq}\", "
          + "\"retry\": {\"max-attempts\": 50, \"initial-backoff\": \"5ms\", \"max-backoff\": \"20ms\"}, "
          + "\"transport\": {\"type\": \"http\", \"max-batch\": 25, \"url\": \"" + receiver.url("/") + "\"}}");
      client.admin("POST", "/v1/destinations/" + name + "/pause", null);
      List<String> users = List.of(uid("b"), uid("b"), uid("b"), uid("b"));
      int steps = 20;
      for (int seq = 0; seq < steps; seq++) {
        for (String user : users) {
          track(user, "Batched Step", "{\"seq\":" + seq + "}");
        }
      }
      awaitStat(name, "pending", (long) steps * users.size());
      // when
      client.admin("POST", "/v1/destinations/" + name + "/resume", null);
      // then: every body is an array of at most 25, and under the backlog requests carry several
      receiver.await(
          r -> r.stream().filter(WebhookReceiver.Request::accepted).mapToInt(q -> q.json().size()).sum() >= steps * users.size(),
          Duration.ofSeconds(60));
      List<WebhookReceiver.Request> accepted = receiver.accepted();
      assertThat(receiver.requests()).allSatisfy(q -> {
        assertThat(q.json().isArray()).as("a body with max-batch above 1").isTrue();
        assertThat(q.json().size()).isBetween(1, 25);
        assertThat(q.header("Idempotency-Key")).isNotBlank();
      });
      assertThat(accepted.stream().mapToInt(q -> q.json().size()).max().orElse(0)).as("the most messages in one request").isGreaterThan(1);
      assertThat(accepted.stream().mapToLong(q -> q.json().findValuesAsText("user").stream().distinct().count()).max().orElse(0))
          .as("the most profiles in one request (their lanes share it)").isGreaterThan(1);
      // and each user's steps arrive exactly once, in order, across requests
      for (String user : users) {
        List<Integer> seen = new ArrayList<>();
        accepted.forEach(q -> q.json().forEach(item -> {
          if (item.path("user").asText().equals(user)) {
            seen.add(item.path("seq").asInt());
          }
        }));
        assertThat(seen).as("steps of one user, in the order they were accepted").isEqualTo(java.util.stream.IntStream.range(0, steps).boxed().toList());
      }
    }
  }

  @Test
  void shouldRefuseBrokenDefinitionsNamingTheFieldAndKeepTheRunningOne() {
    try (var receiver = new WebhookReceiver(WebhookReceiver.OK)) {
      // given: a working destination
      String name = "guarded-" + mode.name().toLowerCase().replace('_', '-');
      define(name, "{\"events\": {\"names\": [\"Guard\"]}, \"transport\": {\"type\": \"http\", \"url\": \"" + receiver.url("/") + "\"}}");
      // when: broken replacements
      var badCel = client.admin("PUT", "/v1/destinations/" + name, "{\"filter\": \"event.properties.total >\", \"transport\": {\"type\": \"http\", \"url\": \"http://x.example/\"}}");
      var badJsonata = client.admin("PUT", "/v1/destinations/" + name, "{\"mapping\": \"{'a': \", \"transport\": {\"type\": \"http\", \"url\": \"http://x.example/\"}}");
      var badOption = client.admin("PUT", "/v1/destinations/" + name, "{\"transport\": {\"type\": \"http\", \"url\": \"http://x.example/\", \"verb\": \"POST\"}}");
      var badTransport = client.admin("PUT", "/v1/destinations/" + name, "{\"transport\": {\"type\": \"carrier-pigeon\"}}");
      var badShape = client.admin("PUT", "/v1/destinations/" + name, "{\"delivery\": {\"mode\": \"batch\"}, \"retry\": {\"max-attempts\": 0}, \"transport\": {\"type\": \"http\", \"url\": \"ftp://x\"}}");
      // then
      assertThat(badCel.status()).isEqualTo(400);
      assertThat(badCel.body().path("errors").get(0).path("field").asText()).isEqualTo("filter");
      assertThat(badJsonata.body().path("errors").get(0).path("field").asText()).isEqualTo("mapping");
      assertThat(badOption.body().path("errors").get(0).path("field").asText()).isEqualTo("transport.verb");
      assertThat(badTransport.body().path("errors").get(0).path("field").asText()).isEqualTo("transport.type");
      assertThat(badShape.body().path("errors").findValuesAsText("field")).contains("delivery.window", "retry.max-attempts");
      // and the running one still delivers as before
      track(uid("g"), "Guard", "{}");
      receiver.await(r -> r.size() == 1, WAIT);
      assertThat(client.get("/v1/destinations/" + name).body().path("definition").path("transport").path("url").asText()).isEqualTo(receiver.url("/"));
    }
  }

  @Test
  void shouldHoldMessagesWhilePausedAndSendThemOnResume() {
    try (var receiver = new WebhookReceiver(WebhookReceiver.OK)) {
      String name = "pausable-" + mode.name().toLowerCase().replace('_', '-');
      define(name, "{\"events\": {\"names\": [\"Pause Probe\"]}, \"transport\": {\"type\": \"http\", \"url\": \"" + receiver.url("/") + "\"}}");
      // when
      assertThat(client.admin("POST", "/v1/destinations/" + name + "/pause", null).body().path("paused").asBoolean()).isTrue();
      for (int i = 0; i < 3; i++) {
        track(uid("p"), "Pause Probe", "{}");
      }
      // then: they wait in the outbox
      awaitStat(name, "pending", 3);
      assertThat(receiver.requests()).isEmpty();
      // when resumed, they go out
      client.admin("POST", "/v1/destinations/" + name + "/resume", null);
      receiver.await(r -> r.size() == 3, WAIT);
    }
  }

  @Test
  void shouldWriteOneCsvFilePerWindowForASystemThatOnlyReadsFiles() throws Exception {
    // given: a back-office export in 2-second windows
    String name = "backoffice-" + mode.name().toLowerCase().replace('_', '-');
    Path dir = dataDir.resolve("exports-" + name);
    define(name, """
        {"events": {"names": ["Invoice Paid"]},
         "mapping": "{'customer': event.userId, 'amount': event.properties.amount, 'note': event.properties.note}",
         "delivery": {"mode": "batch", "window": "2s", "max-size": 1000},
         "transport": {"type": "file", "directory": "%s", "format": "csv", "columns": ["customer", "amount", "note"]}}
        """.formatted(dir.toString().replace("\\", "/")));
    List<String> users = new ArrayList<>();
    // when
    for (int i = 0; i < 5; i++) {
      String user = uid("b");
      users.add(user);
      track(user, "Invoice Paid", "{\"amount\":" + (10 + i) + ",\"note\":\"paid, \\\"in full\\\"\"}");
    }
    // then: whole files appear once their windows close, with every row once
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<String> rows = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      rows.clear();
      if (java.nio.file.Files.isDirectory(dir)) {
        try (var files = java.nio.file.Files.list(dir)) {
          for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList()) {
            List<String> lines = java.nio.file.Files.readAllLines(f);
            assertThat(lines.getFirst()).isEqualTo("customer,amount,note");
            assertThat(f.getFileName().toString()).startsWith(name + "-");
            rows.addAll(lines.subList(1, lines.size()));
          }
        }
      }
      if (rows.size() >= 5) {
        break;
      }
      HubClient.sleep(100);
    }
    assertThat(rows).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(rows).contains(users.get(i) + "," + (10 + i) + ",\"paid, \"\"in full\"\"\"");
    }
    try (var files = java.nio.file.Files.list(dir)) {
      assertThat(files.filter(f -> f.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }
    awaitStat(name, "pending", 0);
  }

  @Test
  void shouldKeepDestinationsOfTheConfigurationFileOutOfReachOfChangesButNotOfPausing() {
    // given: "audit" comes from the configuration
    JsonNode audited = client.get("/v1/destinations/audit").body();
    assertThat(audited.path("origin").asText()).isEqualTo("config");
    // when / then
    assertThat(client.admin("DELETE", "/v1/destinations/audit", null).status()).isEqualTo(409);
    assertThat(client.admin("PUT", "/v1/destinations/audit", "{\"transport\": {\"type\": \"http\", \"url\": \"http://x.example/\"}}").status()).isEqualTo(409);
    assertThat(client.admin("POST", "/v1/destinations/audit/pause", null).status()).isEqualTo(200);
    assertThat(client.admin("POST", "/v1/destinations/audit/resume", null).status()).isEqualTo(200);
    int before = audit.requests().size();
    track(uid("a"), "Audit Probe", "{}");
    audit.await(r -> r.size() == before + 1, WAIT);
    // and the write key cannot reach the admin API
    assertThat(client.post("/v1/destinations", "{}").status()).isEqualTo(401);
  }
}
