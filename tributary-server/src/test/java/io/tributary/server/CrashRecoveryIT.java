package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SIGKILL the hub while clients are sending, restart it, and prove the ingest promise: every
 * event answered 200 is in the profiles exactly once, and no event that was refused is.
 * Batches whose answer was lost in the crash, or answered with a 503 that does not rule out that
 * they were written, are resent with the same messageIds, as a Segment client would.
 *
 * <p>In {@code kafka+postgres} mode the restarted hub has the same Kafka client id, as an instance
 * that keeps its name does: it must take over the partitions of its killed predecessor at once,
 * not after the group's session timeout (45 seconds), so processing must catch up well within it.
 */
@Timeout(300)
class CrashRecoveryIT {
  private static final String WRITE_KEY = "wk_crash_test_0123456789";
  private static final String ADMIN = "adm_crash_test_0123456789";
  private static final int USERS = 20;
  private static final int SENDERS = 8;
  private static final int BATCH = 20;
  /** Less than Kafka's default session timeout, which a restarted dynamic member would wait out. */
  private static final Duration CATCH_UP = Duration.ofSeconds(30);

  @TempDir Path dataDir;

  /** A batch and what became of it. */
  private record Batch(String body, Map<String, String> validIdsByUser, Set<String> invalidIds) {}

  @ParameterizedTest
  @EnumSource(StorageMode.class)
  void shouldKeepEveryAcknowledgedEventExactlyOnceAcrossASigkill(StorageMode mode) throws Exception {
    Map<String, String> env = new HashMap<>(StorageMode.environment(mode.newStorage("crash-recovery")));
    env.put("TRIBUTARY_SOURCES", "web=" + WRITE_KEY);
    env.put("TRIBUTARY_ADMIN_TOKEN", ADMIN);
    Set<String> acked = ConcurrentHashMap.newKeySet();
    Set<String> refused = ConcurrentHashMap.newKeySet();
    List<Batch> unknown = new ArrayList<>();
    AtomicInteger ackedBatches = new AtomicInteger();
    AtomicBoolean sending = new AtomicBoolean(true);

    // given: clients sending while the hub runs
    HubProcess first = HubProcess.start(dataDir, env);
    var client = new HubClient(URI.create("http://127.0.0.1:" + first.port()), WRITE_KEY, ADMIN);
    try (var senders = Executors.newFixedThreadPool(SENDERS)) {
      for (int s = 0; s < SENDERS; s++) {
        int sender = s;
        senders.submit(() -> {
          int seq = 0;
          while (sending.get()) {
            Batch b = batch(sender, seq++);
            try {
              if (settle(b, client.post("/v1/batch", b.body()), acked, refused)) {
                ackedBatches.incrementAndGet();
                continue;
              }
            } catch (UncheckedIOException | IllegalStateException lost) {
              // no answer: the hub was killed
            }
            synchronized (unknown) {
              unknown.add(b);
            }
            return;
          }
        });
      }
      // when: SIGKILL once a good number of batches were acknowledged, while clients still send
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (ackedBatches.get() < 150 && System.nanoTime() < deadline) {
        HubClient.sleep(10);
      }
      first.kill();
      sending.set(false);
    }
    assertThat(ackedBatches.get()).as("batches acknowledged before the kill").isGreaterThanOrEqualTo(150);

    // and: the hub restarts on the same data, and the clients resend what they got no answer for
    try (HubProcess second = HubProcess.start(dataDir, env)) {
      var after = new HubClient(URI.create("http://127.0.0.1:" + second.port()), WRITE_KEY, ADMIN);
      long restarted = System.nanoTime();
      long logEnd = after.logEnd();
      int ackedBefore = acked.size();
      for (Batch b : unknown) {
        assertThat(settle(b, after.post("/v1/batch", b.body()), acked, refused)).as("a resent batch was answered").isTrue();
      }
      // and: one more batch, so that there is something to process after the restart in any case
      Batch fresh = batch(SENDERS, 0);
      assertThat(settle(fresh, after.post("/v1/batch", fresh.body()), acked, refused)).isTrue();
      try {
        after.awaitProcessed(logEnd + acked.size() - ackedBefore, CATCH_UP);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\nThe restarted hub's last output:\n" + second.outputTail(40), e);
      }
      System.out.printf("%s: %d batches acknowledged before the kill, %d resent; processing caught up %d ms after the restart%n",
          mode, ackedBatches.get(), unknown.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted));

      // then: every acknowledged event exactly once, no refused event, counters agree
      Set<String> seen = new HashSet<>();
      Map<String, Long> expectedPerUser = new HashMap<>();
      acked.forEach(id -> expectedPerUser.merge(id.substring(0, id.indexOf('/')), 1L, Long::sum));
      for (int u = 0; u < USERS; u++) {
        String user = "crash-user-" + u;
        var res = after.get("/v1/profiles/user_id/" + user);
        if (!expectedPerUser.containsKey(user)) {
          continue;
        }
        assertThat(res.status()).isEqualTo(200);
        List<JsonNode> events = after.timeline(res.body().path("id").asText());
        for (JsonNode e : events) {
          String id = e.path("messageId").asText();
          assertThat(seen.add(id)).as("event %s appears once", id).isTrue();
        }
        assertThat(res.body().path("computed_traits").path("event_counts").path("Crash Test").asLong())
            .as("counted events of %s", user)
            .isEqualTo(expectedPerUser.get(user));
      }
      assertThat(seen).containsExactlyInAnyOrderElementsOf(acked);
      assertThat(refused).isNotEmpty().doesNotContainAnyElementsOf(seen);
    }
  }

  private static Batch batch(int sender, int seq) {
    StringBuilder body = new StringBuilder("{\"batch\":[");
    Map<String, String> valid = new HashMap<>();
    Set<String> invalid = new HashSet<>();
    for (int i = 0; i < BATCH; i++) {
      String user = "crash-user-" + ((sender * 7 + seq * 3 + i) % USERS);
      String id = user + "/" + sender + "-" + seq + "-" + i;
      boolean bad = i == BATCH - 1 && seq % 3 == 0;
      if (bad) {
        invalid.add(id);
      } else {
        valid.put(id, user);
      }
      body.append(i == 0 ? "" : ",")
          .append("{\"type\":\"track\",\"messageId\":\"").append(id).append("\",\"userId\":\"").append(user).append('"')
          .append(bad ? "" : ",\"event\":\"Crash Test\"")
          .append(",\"properties\":{\"seq\":").append(seq).append("}}");
    }
    return new Batch(body.append("]}").toString(), valid, invalid);
  }

  /**
   * Records what became of a batch; false when its fate is unknown and it must be resent: a 503
   * other than {@code log_overloaded} may come after some of its records were written (a Kafka
   * append is not atomic).
   */
  private static boolean settle(Batch b, HubClient.Response res, Set<String> acked, Set<String> refused) {
    switch (res.status()) {
      case 200 -> acked.addAll(b.validIdsByUser().keySet());
      case 400 -> {
        assertThat(res.body().path("accepted").asInt()).isEqualTo(b.validIdsByUser().size());
        acked.addAll(b.validIdsByUser().keySet());
        refused.addAll(b.invalidIds());
      }
      case 429, 503 -> {
        if (res.status() == 503 && !res.body().path("error").asText().equals("log_overloaded")) {
          return false;
        }
        refused.addAll(b.validIdsByUser().keySet());
        refused.addAll(b.invalidIds());
      }
      default -> throw new AssertionError("unexpected answer " + res.status() + " " + res.body());
    }
    return true;
  }
}
