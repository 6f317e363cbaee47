package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.delivery.DefinitionJson;
import io.tributary.core.delivery.DestinationDefinition;
import io.tributary.server.WebhookReceiver.Answer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A hub stopped while a destination is failing and its messages are being retried, then started
 * again once the destination is back: every message is delivered, and any message sent twice
 * carries the same idempotency key and payload both times.
 */
@Timeout(180)
class DeliveryRestartIT {
  private static final String WRITE_KEY = "wk_test_restart_0123456789";
  private static final String ADMIN = "adm_test_restart_0123456789";

  @TempDir Path dataDir;

  @ParameterizedTest
  @EnumSource(StorageMode.class)
  void shouldDeliverEverythingAfterARestartInTheMiddleOfRetries(StorageMode mode) {
    int events = 30;
    // half of the requests fail at first, then every one until the restart
    try (var receiver = new WebhookReceiver(n -> n % 2 == 0 ? Answer.status(200) : Answer.status(503))) {
      DestinationDefinition crm =
          DefinitionJson.read(
              HubClient.JSON.valueToTree(
                  Map.of(
                      "name", "crm",
                      "events", Map.of("names", List.of("Order Completed")),
                      "retry", Map.of("max-attempts", 1000, "initial-backoff", "20ms", "max-backoff", "200ms"),
                      "transport", Map.of("type", "http", "url", receiver.url("/crm")))),
              null);
      var settings =
          HubSettings.forDataDir(dataDir)
              .withSources(List.of(new HubSettings.Source("web", WRITE_KEY)))
              .withAdminToken(ADMIN)
              .withStorage(mode.newStorage("delivery-restart"))
              .withDestinations(List.of(crm));
      Set<String> users = new HashSet<>();
      // given: a hub whose deliveries to the CRM are being retried
      try (Hub hub = Hub.start(settings, InstantSource.system())) {
        var client = new HubClient(URI.create("http://127.0.0.1:" + hub.port()), WRITE_KEY, ADMIN);
        for (int i = 0; i < events; i++) {
          String user = "r-" + UUID.randomUUID();
          users.add(user);
          assertThat(client.post("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"Order Completed\",\"properties\":{\"n\":" + i + "}}").status())
              .isEqualTo(200);
        }
        receiver.await(r -> r.stream().filter(req -> !req.accepted()).count() >= 10, Duration.ofSeconds(30));
        receiver.behave(n -> Answer.status(503));
        HubClient.sleep(300);
        // when: it stops in the middle of that
      }
      int beforeRestart = receiver.requests().size();
      receiver.behave(WebhookReceiver.OK);
      try (Hub hub = Hub.start(settings, InstantSource.system())) {
        // then: everything arrives
        var all = receiver.await(r -> distinctAcceptedUsers(r) == events, Duration.ofSeconds(60));
        assertThat(all.size()).isGreaterThan(beforeRestart);
        Map<String, String> payloadByKey = new HashMap<>();
        for (var req : all) {
          String key = req.header("Idempotency-Key");
          String payload = new String(req.body(), java.nio.charset.StandardCharsets.UTF_8);
          String earlier = payloadByKey.putIfAbsent(key, payload);
          assertThat(earlier == null || earlier.equals(payload)).as("a resend carries the same payload under the same key").isTrue();
        }
        assertThat(payloadByKey).hasSize(events);
        Set<String> delivered = new HashSet<>();
        all.stream().filter(WebhookReceiver.Request::accepted).forEach(r -> delivered.add(r.json().path("userId").asText()));
        assertThat(delivered).isEqualTo(users);
        // and nothing is left behind
        var client = new HubClient(URI.create("http://127.0.0.1:" + hub.port()), WRITE_KEY, ADMIN);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (client.get("/v1/destinations/crm").body().path("stats").path("pending").asLong() > 0 && System.nanoTime() < deadline) {
          HubClient.sleep(50);
        }
        assertThat(client.get("/v1/destinations/crm").body().path("stats").path("pending").asLong()).isZero();
        assertThat(client.get("/v1/destinations/crm/dead-letters").body().path("dead_letters").size()).isZero();
      }
    }
  }

  private static long distinctAcceptedUsers(List<WebhookReceiver.Request> requests) {
    return requests.stream().filter(WebhookReceiver.Request::accepted).map(r -> r.json().path("userId").asText()).distinct().count();
  }
}
