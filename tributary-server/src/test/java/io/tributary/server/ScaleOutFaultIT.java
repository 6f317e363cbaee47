package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testkit.KafkaBroker;
import io.tributary.testkit.PostgresServer;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code kafka+postgres} hub under load while its broker or its database restarts: nothing
 * acknowledged is lost or applied twice, health reports the outage, and the hub recovers by itself.
 */
@Timeout(300)
class ScaleOutFaultIT {
  private static final String WRITE_KEY = "wk_test_fault_0123456789";
  private static final String ADMIN = "adm_test_fault_0123456789";
  private static final int USERS = 40;
  private static final int BATCH = 10;
  private static final Duration OUTAGE = Duration.ofSeconds(6);

  @TempDir Path dataDir;

  @AfterEach
  void dependenciesBack() {
    if (!KafkaBroker.shared().isRunning()) {
      KafkaBroker.shared().start();
    }
    PostgresServer.shared().restart();
  }

  /** What the senders saw, and what health said. */
  private static final class Observed {
    final Set<String> acked = ConcurrentHashMap.newKeySet();
    final AtomicInteger refusedBatches = new AtomicInteger();
    final AtomicInteger ackedDuringOutage = new AtomicInteger();
    final AtomicInteger unhealthyDuringOutage = new AtomicInteger();
    /** Answers to single events sent while health said the hub was down. */
    final List<Integer> probesWhileUnhealthy = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicBoolean outage = new AtomicBoolean();
  }

  private interface Dependency {
    void stop();

    void start();
  }

  @Test
  void shouldLoseNothingAcknowledgedAcrossABrokerRestart() throws Exception {
    var broker = KafkaBroker.shared();
    Observed seen = runThroughOutage("broker-restart", new Dependency() {
      @Override
      public void stop() {
        broker.stop();
      }

      @Override
      public void start() {
        broker.start();
      }
    });
    // the log was unreachable: ingest refused at once instead of holding requests it cannot make durable
    assertThat(seen.probesWhileUnhealthy).as("answers to events sent while the broker was down").isNotEmpty().contains(503);
  }

  @Test
  void shouldLoseNothingAcknowledgedAcrossAPostgresRestart() throws Exception {
    var postgres = PostgresServer.shared();
    Observed seen = runThroughOutage("postgres-restart", new Dependency() {
      @Override
      public void stop() {
        postgres.stop();
      }

      @Override
      public void start() {
        postgres.restart();
      }
    });
    // the log stayed up: ingest went on acknowledging, processing caught up afterwards
    assertThat(seen.ackedDuringOutage.get()).as("batches acknowledged while PostgreSQL was down").isPositive();
    assertThat(seen.probesWhileUnhealthy).as("answers to events sent while PostgreSQL was down").isNotEmpty().containsOnly(200);
  }

  private Observed runThroughOutage(String name, Dependency dependency) throws Exception {
    Storage storage = StorageMode.KAFKA_POSTGRES.newStorage(name);
    Observed seen = new Observed();
    try (Hub hub =
        Hub.start(
            HubSettings.forDataDir(dataDir)
                .withSources(List.of(new HubSettings.Source("web", WRITE_KEY)))
                .withAdminToken(ADMIN)
                .withStorage(storage),
            InstantSource.system())) {
      var client = new HubClient(URI.create("http://127.0.0.1:" + hub.port()), WRITE_KEY, ADMIN);
      AtomicBoolean sending = new AtomicBoolean(true);
      AtomicInteger ackedBatches = new AtomicInteger();
      try (var threads = Executors.newFixedThreadPool(3)) {
        for (int s = 0; s < 2; s++) {
          int sender = s;
          threads.submit(() -> {
            for (int seq = 0; sending.get(); seq++) {
              List<String> ids = new ArrayList<>();
              String body = batch(sender, seq, ids);
              HubClient.Response res;
              try {
                res = client.post("/v1/batch", body);
              } catch (UncheckedIOException | IllegalStateException e) {
                continue; // no answer: unknown, like a refusal
              }
              if (res.status() == 200) {
                seen.acked.addAll(ids);
                ackedBatches.incrementAndGet();
                if (seen.outage.get()) {
                  seen.ackedDuringOutage.incrementAndGet();
                }
              } else {
                assertThat(res.status()).as("answer %s", res.body()).isIn(429, 503);
                assertThat(res.headers().firstValue("Retry-After")).isPresent();
                seen.refusedBatches.incrementAndGet();
                HubClient.sleep(50);
              }
            }
          });
        }
        threads.submit(() -> {
          while (sending.get()) {
            if (seen.outage.get() && client.getWithoutAuth("/health").status() == 503) {
              seen.unhealthyDuringOutage.incrementAndGet();
              String id = "probe-" + seen.unhealthyDuringOutage.get();
              try {
                var res = client.post("/v1/track", "{\"event\":\"Fault Test\",\"userId\":\"fault-user-0\",\"messageId\":\"" + id + "\"}");
                seen.probesWhileUnhealthy.add(res.status());
                if (res.status() == 200) {
                  seen.acked.add(id);
                }
              } catch (UncheckedIOException | IllegalStateException e) {
                // no answer: unknown
              }
            }
            HubClient.sleep(100);
          }
        });
        awaitAtLeast(ackedBatches, 50);
        // when: the dependency goes away for a while under load, and comes back
        seen.outage.set(true);
        dependency.stop();
        HubClient.sleep(OUTAGE.toMillis());
        dependency.start();
        seen.outage.set(false);
        int afterRestart = ackedBatches.get();
        awaitAtLeast(ackedBatches, afterRestart + 50);
        sending.set(false);
      }

      // then: health said so during the outage, and recovers by itself
      assertThat(seen.unhealthyDuringOutage.get()).as("health checks answered 503 during the outage").isPositive();
      awaitHealthyAndCaughtUp(client);
      // and: every acknowledged event is in the profiles exactly once
      List<String> applied = new ArrayList<>();
      for (int u = 0; u < USERS; u++) {
        var res = client.get("/v1/profiles/user_id/fault-user-" + u);
        if (res.status() == 404) {
          continue;
        }
        assertThat(res.status()).isEqualTo(200);
        client.timeline(res.body().path("id").asText()).forEach(e -> applied.add(e.path("messageId").asText()));
      }
      assertThat(new HashSet<>(applied)).as("events applied twice").hasSameSizeAs(applied);
      assertThat(applied).as("acknowledged events in the profiles").containsAll(seen.acked);
      System.out.printf("%s: %d events acknowledged, %d batches refused, %d acknowledged during the outage%n",
          name, seen.acked.size(), seen.refusedBatches.get(), seen.ackedDuringOutage.get());
    }
    return seen;
  }

  private static String batch(int sender, int seq, List<String> ids) {
    StringBuilder body = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < BATCH; i++) {
      String user = "fault-user-" + ((sender * 13 + seq * 7 + i) % USERS);
      String id = "m-" + sender + "-" + seq + "-" + i;
      ids.add(id);
      body.append(i == 0 ? "" : ",")
          .append("{\"type\":\"track\",\"event\":\"Fault Test\",\"messageId\":\"").append(id)
          .append("\",\"userId\":\"").append(user).append("\"}");
    }
    return body.append("]}").toString();
  }

  private static void awaitAtLeast(AtomicInteger counter, int target) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (counter.get() < target) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Expected " + target + " acknowledged batches, but got " + counter.get());
      }
      HubClient.sleep(20);
    }
  }

  private static void awaitHealthyAndCaughtUp(HubClient client) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    JsonNode health = null;
    while (System.nanoTime() < deadline) {
      var res = client.getWithoutAuth("/health");
      health = res.body();
      if (res.status() == 200 && health.path("processor").path("lag_events").asLong() == 0) {
        return;
      }
      HubClient.sleep(100);
    }
    throw new AssertionError("The hub did not recover and catch up within 120 s; last health: " + health);
  }
}
