package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testkit.PostgresServer;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hub instances in {@code kafka+postgres} mode, on a real Kafka broker and a real PostgreSQL:
 * they divide the partitions, hand them over at once when one stops, and process events about the
 * same customers at the same moment without splitting or losing anyone.
 */
@Timeout(300)
class ScaleOutIT {
  private static final String WRITE_KEY = "wk_test_scale_0123456789";
  private static final String ADMIN = "adm_test_scale_0123456789";
  private static final int PEOPLE = 20;
  private static final int ROUNDS = 15;
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dataDir;

  private static final int USERS = 40;
  /** Less than Kafka's default session timeout, which partitions of a member that did not leave wait out. */
  private static final Duration HANDOVER = Duration.ofSeconds(20);

  private Hub start(Storage storage, String name) {
    return Hub.start(
        HubSettings.forDataDir(dataDir.resolve(name))
            .withSources(List.of(new HubSettings.Source("web", WRITE_KEY)))
            .withAdminToken(ADMIN)
            .withStorage(storage)
            // small transactions, so that the instances interleave many of them on the same people
            .withProcessorBatchSize(8),
        InstantSource.system());
  }

  /**
   * Person k is known by two anonymous devices, a user id and an email. Each device's events are
   * keyed by its anonymous id and the signed-in ones by the user id, so the events that join them
   * land in different partitions, which the two instances consume at the same time.
   */
  private static List<String> eventsOf(int k) {
    String a = "\"anonymousId\":\"anon-" + k + "-a\"";
    String b = "\"anonymousId\":\"anon-" + k + "-b\"";
    String user = "\"userId\":\"user-" + k + "\"";
    String email = "\"traits\":{\"email\":\"person" + k + "@example.com\"}";
    return List.of(
        "{\"type\":\"track\",\"event\":\"Viewed\"," + a + "}",
        "{\"type\":\"track\",\"event\":\"Viewed\"," + b + "}",
        "{\"type\":\"identify\"," + a + "," + email + "}",
        "{\"type\":\"identify\"," + b + "," + user + "}",
        "{\"type\":\"identify\"," + a + "," + user + "}",
        "{\"type\":\"track\",\"event\":\"Ordered\"," + user + "}",
        "{\"type\":\"identify\"," + user + "," + email + "}",
        "{\"type\":\"track\",\"event\":\"Viewed\"," + b + "," + email.replace("traits", "context") + "}");
  }

  @Test
  void shouldResolveEveryCustomerToOneProfileWhenTwoInstancesProcessThemAtOnce() throws Exception {
    // given: two instances of one cluster
    Storage storage = StorageMode.KAFKA_POSTGRES.newStorage("scale-out");
    try (Hub first = start(storage, "first");
        Hub second = start(StorageMode.secondInstance(storage, "second-" + ProcessHandle.current().pid()), "second")) {
      List<HubClient> clients = List.of(HubClient.of(first), HubClient.of(second));
      awaitPartitionsSplit(clients);
      // when: rounds of everyone's events, shuffled, in small batches sent to both instances by four senders
      List<String> all = new ArrayList<>();
      Random random = new Random(42);
      for (int r = 0; r < ROUNDS; r++) {
        List<String> round = new ArrayList<>();
        for (int k = 0; k < PEOPLE; k++) {
          round.addAll(eventsOf(k));
        }
        Collections.shuffle(round, random);
        all.addAll(round);
      }
      try (var senders = Executors.newFixedThreadPool(4)) {
        List<Future<?>> sent = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
          int sender = s;
          sent.add(senders.submit(() -> {
            for (int i = sender * 5; i < all.size(); i += 20) {
              String batch = "{\"batch\":[" + String.join(",", all.subList(i, Math.min(i + 5, all.size()))) + "]}";
              var res = clients.get(i / 5 % 2).post("/v1/batch", batch);
              assertThat(res.status()).as("batch at %d: %s", i, res.body()).isEqualTo(200);
            }
          }));
        }
        for (Future<?> f : sent) {
          f.get();
        }
      }
      clients.getFirst().awaitProcessed(all.size(), WAIT);

      // then: each person is one profile, found by each of their identifiers, with all their events
      Set<String> profiles = new HashSet<>();
      for (int k = 0; k < PEOPLE; k++) {
        JsonNode profile = clients.get(k % 2).awaitProfile("user_id", "user-" + k, p -> true, WAIT);
        String id = profile.path("id").asText();
        assertThat(profiles.add(id)).as("person %d has a profile of their own", k).isTrue();
        for (var identifier : List.of(
            List.of("anonymous_id", "anon-" + k + "-a"),
            List.of("anonymous_id", "anon-" + k + "-b"),
            List.of("email", "person" + k + "@example.com"))) {
          var res = clients.get((k + 1) % 2).get("/v1/profiles/" + identifier.get(0) + "/" + HubClient.enc(identifier.get(1)));
          assertThat(res.status()).isEqualTo(200);
          assertThat(res.body().path("id").asText()).as("person %d's %s", k, identifier.get(0)).isEqualTo(id);
        }
        JsonNode counts = profile.path("computed_traits").path("event_counts");
        assertThat(counts.path("Viewed").asLong()).as("person %d's views", k).isEqualTo(3L * ROUNDS);
        assertThat(counts.path("Ordered").asLong()).as("person %d's orders", k).isEqualTo(ROUNDS);
        assertThat(clients.get(k % 2).timeline(id)).as("person %d's timeline", k).hasSize(eventsOf(k).size() * ROUNDS);
      }

      // and: in the database, no identifier on two profiles, none on a merged-away one
      String jdbcUrl = ((Storage.KafkaPostgres) storage).postgres().jdbcUrl();
      try (Connection db = DriverManager.getConnection(jdbcUrl, PostgresServer.USER, null)) {
        assertThat(count(db, "SELECT count(*) FROM identity_links")).isEqualTo(4L * PEOPLE);
        assertThat(count(db, "SELECT count(DISTINCT (id_type, id_value)) FROM identity_links")).isEqualTo(4L * PEOPLE);
        assertThat(count(db, "SELECT count(*) FROM identity_links l WHERE NOT EXISTS"
            + " (SELECT 1 FROM profiles p WHERE p.profile_id = l.profile_id)")).isZero();
        assertThat(count(db, "SELECT count(*) FROM profiles")).isEqualTo(PEOPLE);
        assertThat(count(db, "SELECT count(*) FROM profile_merges m WHERE NOT EXISTS"
            + " (SELECT 1 FROM profiles p WHERE p.profile_id = m.survivor_id)")).as("merges into a dead profile").isZero();
      }

      // and: the instances did race on the same customers (a run without races would prove nothing)
      long conflicts = conflicts(clients.get(0)) + conflicts(clients.get(1));
      System.out.printf("ScaleOutIT: %d transactions lost a race and were retried%n", conflicts);
      assertThat(conflicts).as("transactions that lost a race with the other instance").isPositive();
      // and: both instances did part of the work
      assertThat(processed(clients.get(0))).as("events processed by the first instance").isPositive();
      assertThat(processed(clients.get(1))).as("events processed by the second instance").isPositive();
      assertThat(processed(clients.get(0)) + processed(clients.get(1))).isEqualTo(all.size());
    }
  }

  /** One event for each user, spread over every partition. */
  private static void sendToEveryUser(HubClient client, String event) {
    StringBuilder batch = new StringBuilder("{\"batch\":[");
    for (int u = 0; u < USERS; u++) {
      batch.append(u == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"scale-").append(u).append("\",\"event\":\"").append(event).append("\"}");
    }
    assertThat(client.post("/v1/batch", batch.append("]}").toString()).status()).isEqualTo(200);
  }

  private static void assertEveryUserHas(HubClient client, String... events) {
    for (int u = 0; u < USERS; u++) {
      var counts = client.get("/v1/profiles/user_id/scale-" + u).body().path("computed_traits").path("event_counts");
      for (String e : events) {
        assertThat(counts.path(e).asLong()).as("%s events of scale-%d", e, u).isEqualTo(1);
      }
    }
  }

  @Test
  void shouldReportUnhealthyWhenTwoInstancesShareAClientId() {
    // given: a second instance started with the first one's client id, a configuration error
    Storage storage = StorageMode.KAFKA_POSTGRES.newStorage("same-id");
    try (Hub a = start(storage, "a");
        Hub b = start(storage, "b")) {
      List<HubClient> clients = List.of(HubClient.of(a), HubClient.of(b));
      // when: they fence each other in the group
      long deadline = System.nanoTime() + HANDOVER.toNanos();
      HubClient fenced = null;
      while (fenced == null && System.nanoTime() < deadline) {
        sendToEveryUser(clients.getFirst(), "Ping");
        fenced = clients.stream().filter(c -> c.getWithoutAuth("/health").status() == 503).findFirst().orElse(null);
        HubClient.sleep(200);
      }
      // then: health tells, and keeps telling rather than flickering between fencings
      assertThat(fenced).as("an instance reporting 503 on /health").isNotNull();
      for (int check = 0; check < 10; check++) {
        HubClient.sleep(300);
        assertThat(fenced.getWithoutAuth("/health").status()).as("/health of the fenced instance, check %d", check).isEqualTo(503);
      }
    }
  }

  @Test
  void shouldDivideThePartitionsAndHandThemOverAtOnceWhenAnInstanceStops() {
    Storage storage = StorageMode.KAFKA_POSTGRES.newStorage("handover");
    try (Hub a = start(storage, "a")) {
      var clientA = HubClient.of(a);
      try (Hub b = start(StorageMode.secondInstance(storage, "handover-b-" + ProcessHandle.current().pid()), "b")) {
        var clientB = HubClient.of(b);
        assertThat(clientB.getWithoutAuth("/health").status()).as("/health of B right after its start").isEqualTo(200);
        awaitPartitionsSplit(List.of(clientA, clientB));
        long logEnd = clientA.logEnd();
        // when: both instances take events
        sendToEveryUser(clientA, "Via A");
        sendToEveryUser(clientB, "Via B");
        logEnd += 2 * USERS;
        // then: all of them are applied once, by both instances, and either instance serves them
        clientA.awaitProcessed(logEnd, HANDOVER);
        clientB.awaitProcessed(logEnd, HANDOVER);
        assertEveryUserHas(clientA, "Via A", "Via B");
        assertEveryUserHas(clientB, "Via A", "Via B");
        assertThat(processed(clientA)).as("events applied by A").isPositive();
        assertThat(processed(clientB)).as("events applied by B").isPositive();
      }
      // when: B stops, and more events come
      long logEnd = clientA.logEnd();
      sendToEveryUser(clientA, "After B");
      // then: A consumes B's partitions too, well before B's session would have timed out
      clientA.awaitProcessed(logEnd + USERS, HANDOVER);
      assertEveryUserHas(clientA, "Via A", "Via B", "After B");
    }
  }

  private static long count(Connection db, String sql) throws SQLException {
    try (var st = db.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static final Pattern PROCESSED = Pattern.compile("(?m)^tributary_events_processed_total\\S* (\\S+)$");
  private static final Pattern CONFLICTS = Pattern.compile("(?m)^tributary_processor_conflicts_total\\S* (\\S+)$");

  /** Events this instance applied, from its metrics. */
  static long processed(HubClient client) {
    return metric(client, PROCESSED);
  }

  static long conflicts(HubClient client) {
    return metric(client, CONFLICTS);
  }

  private static long metric(HubClient client, Pattern pattern) {
    Matcher m = pattern.matcher(client.getText("/metrics"));
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  /** Waits until the group gave each instance some of the partitions, and all of them together. */
  static void awaitPartitionsSplit(List<HubClient> clients) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<Set<Integer>> assigned = List.of();
    while (System.nanoTime() < deadline) {
      assigned = clients.stream().map(c -> {
        Set<Integer> partitions = new HashSet<>();
        c.get("/health").body().path("processor").path("partitions").forEach(p -> partitions.add(p.asInt()));
        return partitions;
      }).toList();
      Set<Integer> union = new HashSet<>();
      assigned.forEach(union::addAll);
      if (assigned.stream().noneMatch(Set::isEmpty) && union.size() == StorageMode.PARTITIONS
          && assigned.stream().mapToInt(Set::size).sum() == StorageMode.PARTITIONS) {
        return;
      }
      HubClient.sleep(100);
    }
    throw new AssertionError("The consumer group did not share the partitions in time: " + assigned);
  }

  @Test
  void shouldShareTheDeliveryLanesAndDeliverEachEventOnceInOrderPerProfile() {
    Storage storage = StorageMode.KAFKA_POSTGRES.newStorage("scale-out-delivery");
    try (var receiver = new WebhookReceiver(WebhookReceiver.OK);
        Hub first = start(storage, "delivery-a");
        Hub second = start(StorageMode.secondInstance(storage, "delivery-b-" + ProcessHandle.current().pid()), "delivery-b")) {
      var a = new HubClient(URI.create("http://127.0.0.1:" + first.port()), WRITE_KEY, ADMIN);
      var b = new HubClient(URI.create("http://127.0.0.1:" + second.port()), WRITE_KEY, ADMIN);
      // given: a destination defined through one instance
      var put = a.admin("PUT", "/v1/destinations/crm",
          "{\"events\": {\"names\": [\"Step\"]}, \"mapping\": \"{'user': event.userId, 'seq': event.properties.seq}\","
              + " \"transport\": {\"type\": \"http\", \"url\": \"" + receiver.url("/") + "\"}}");
      assertThat(put.status()).isEqualTo(201);
      // when: both instances run it, they divide the lanes between them
      long deadline = System.nanoTime() + WAIT.toNanos();
      Set<Integer> lanesA = Set.of();
      Set<Integer> lanesB = Set.of();
      while (System.nanoTime() < deadline) {
        lanesA = lanes(a);
        lanesB = lanes(b);
        if (lanesA.size() + lanesB.size() == 64 && !lanesA.isEmpty() && !lanesB.isEmpty()) {
          break;
        }
        HubClient.sleep(200);
      }
      assertThat(lanesA).isNotEmpty().doesNotContainAnyElementsOf(lanesB);
      assertThat(lanesB).isNotEmpty();
      assertThat(lanesA.size() + lanesB.size()).isEqualTo(64);
      int steps = 5;
      for (int seq = 0; seq < steps; seq++) {
        for (int u = 0; u < USERS; u++) {
          HubClient via = u % 2 == 0 ? a : b;
          assertThat(via.post("/v1/track", "{\"userId\":\"dl-user-" + u + "\",\"event\":\"Step\",\"properties\":{\"seq\":" + seq + "}}").status())
              .isEqualTo(200);
        }
      }
      // then: every step arrives once, each user's in order, and both instances delivered
      var all = receiver.await(r -> r.size() >= USERS * steps, WAIT);
      HubClient.sleep(500);
      assertThat(receiver.requests()).hasSize(USERS * steps);
      assertThat(all.stream().map(r -> r.header("Idempotency-Key")).distinct()).hasSize(USERS * steps);
      for (int u = 0; u < USERS; u++) {
        String user = "dl-user-" + u;
        assertThat(receiver.requests().stream().map(WebhookReceiver.Request::json).filter(j -> j.path("user").asText().equals(user))
                .map(j -> j.path("seq").asInt()).toList())
            .isEqualTo(java.util.stream.IntStream.range(0, steps).boxed().toList());
      }
      assertThat(a.get("/v1/destinations/crm").body().path("stats").path("delivered").asLong()).isPositive();
      assertThat(b.get("/v1/destinations/crm").body().path("stats").path("delivered").asLong()).isPositive();
    }
  }

  private static Set<Integer> lanes(HubClient client) {
    Set<Integer> lanes = new java.util.TreeSet<>();
    client.get("/v1/destinations/crm").body().path("lanes").forEach(l -> lanes.add(l.asInt()));
    return lanes;
  }
}
