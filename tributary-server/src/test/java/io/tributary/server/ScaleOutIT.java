package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hub instances in {@code kafka+postgres} mode, one consumer group: with distinct client ids
 * they divide the partitions, and one that stops hands its partitions to the other at once.
 */
@Timeout(120)
class ScaleOutIT {
  private static final String WRITE_KEY = "wk_scale_out_0123456789";
  private static final String ADMIN = "adm_scale_out_0123456789";
  /** Less than Kafka's default session timeout, which partitions of a member that did not leave wait out. */
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int USERS = 40;

  @TempDir Path dataDir;

  private Hub start(String name, Storage storage) {
    return Hub.start(
        HubSettings.forDataDir(dataDir.resolve(name))
            .withSources(List.of(new HubSettings.Source("web", WRITE_KEY)))
            .withAdminToken(ADMIN)
            .withStorage(storage),
        InstantSource.system());
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

  /** Events this instance's processor applied, from its metrics. */
  private static double processed(HubClient client) {
    return client.getText("/metrics").lines()
        .filter(l -> l.startsWith("tributary_events_processed_total "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void shouldDivideThePartitionsAndHandThemOverAtOnceWhenAnInstanceStops() {
    Storage storage = StorageMode.KAFKA_POSTGRES.newStorage("scale-out");
    try (Hub a = start("a", storage)) {
      var clientA = HubClient.of(a);
      try (Hub b = start("b", StorageMode.secondInstance(storage, "scale-out-b-" + ProcessHandle.current().pid()))) {
        var clientB = HubClient.of(b);
        assertThat(clientB.getWithoutAuth("/health").status()).as("/health of B right after its start").isEqualTo(200);
        long logEnd = clientA.logEnd();
        // when: both instances take events
        sendToEveryUser(clientA, "Via A");
        sendToEveryUser(clientB, "Via B");
        logEnd += 2 * USERS;
        // then: all of them are applied once, and either instance serves them
        clientA.awaitProcessed(logEnd, WAIT);
        clientB.awaitProcessed(logEnd, WAIT);
        assertEveryUserHas(clientA, "Via A", "Via B");
        assertEveryUserHas(clientB, "Via A", "Via B");
        // and: each instance applies events of its own partitions (once the rebalance is through)
        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((processed(clientA) == 0 || processed(clientB) == 0) && System.nanoTime() < deadline) {
          sendToEveryUser(clientA, "Warm-up " + System.nanoTime());
          logEnd += USERS;
          clientA.awaitProcessed(logEnd, WAIT);
        }
        assertThat(processed(clientA)).as("events applied by A").isPositive();
        assertThat(processed(clientB)).as("events applied by B").isPositive();
      }
      // when: B stops, and more events come
      long logEnd = clientA.logEnd();
      sendToEveryUser(clientA, "After B");
      // then: A consumes B's partitions too, well before B's session would have timed out
      clientA.awaitProcessed(logEnd + USERS, WAIT);
      assertEveryUserHas(clientA, "Via A", "Via B", "After B");
    }
  }
}
