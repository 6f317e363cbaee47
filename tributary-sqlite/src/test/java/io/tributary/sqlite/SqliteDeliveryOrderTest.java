package io.tributary.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.delivery.DeliveryEngine;
import io.tributary.core.delivery.DeliveryMetrics;
import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.delivery.DestinationCompiler;
import io.tributary.core.delivery.DestinationDefinition;
import io.tributary.core.delivery.EventSelector;
import io.tributary.core.delivery.Lanes;
import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.OutboxEntry;
import io.tributary.core.delivery.RetryPolicy;
import io.tributary.core.delivery.SendResult;
import io.tributary.core.delivery.Transport;
import io.tributary.core.delivery.TransportRegistry;
import io.tributary.core.delivery.TransportSpec;
import io.tributary.jdbc.JdbcStateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A destination keeps each profile's messages in order and never sends one profile in two sends at
 * once, but the profiles that share a lane do not wait for each other.
 */
class SqliteDeliveryOrderTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void shouldNotHoldBackTheOtherProfilesOfALaneBehindOneWaitingForItsRetry() throws Exception {
    // given: two profiles of one lane; the receiver refuses everything about the first for now
    String stuck = "p-stuck";
    String other = sameLaneAs(stuck, "p-other-");
    RecordingTransport transport =
        new RecordingTransport(1, Duration.ZERO, m -> m.profileId().equals(stuck) ? SendResult.retry("503") : SendResult.DELIVERED);
    RetryPolicy slowRetry = new RetryPolicy(5, Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofMinutes(10));
    try (JdbcStateStore store = SqliteStateStore.open(dir.resolve("state.db"), 2);
        DeliveryEngine engine = start(store, transport, slowRetry, 16)) {
      // when: the stuck profile's message comes first, then one of the other profile, then a
      // second one of the stuck profile
      enqueue(store, stuck, 1);
      enqueue(store, other, 1);
      enqueue(store, stuck, 2);
      engine.wake();

      // then: the other profile's message is delivered while the first one waits for its retry
      awaitDelivered(transport, 1);
      assertThat(transport.delivered()).extracting(OutboundMessage::profileId).containsExactly(other);
      // and the stuck profile's second message is not sent before its first
      Thread.sleep(300);
      assertThat(transport.attempts()).filteredOn(m -> m.profileId().equals(stuck))
          .extracting(m -> payload(m))
          .containsOnly("{\"seq\":1}");
    }
  }

  @Test
  void shouldSendTheProfilesOfALaneInParallelButEachInOrderAndNeverTwiceAtOnce() throws Exception {
    // given: four profiles of one lane and two of others, a slow receiver that fails 30 % of the
    // sends, three messages per send at most
    List<String> profiles = new ArrayList<>();
    profiles.add("p-0");
    for (int i = 1; i < 4; i++) {
      profiles.add(sameLaneAs("p-0", "p-" + i + "-"));
    }
    profiles.add("q-1");
    profiles.add("q-2");
    RecordingTransport transport =
        new RecordingTransport(
            3, Duration.ofMillis(15), m -> ThreadLocalRandom.current().nextInt(10) < 3 ? SendResult.retry("503") : SendResult.DELIVERED);
    RetryPolicy quickRetry = new RetryPolicy(100, Duration.ofHours(1), Duration.ofMillis(5), Duration.ofMillis(20));
    int steps = 15;
    try (JdbcStateStore store = SqliteStateStore.open(dir.resolve("state.db"), 2);
        DeliveryEngine engine = start(store, transport, quickRetry, 16)) {
      // when
      for (int seq = 0; seq < steps; seq++) {
        for (String profile : profiles) {
          enqueue(store, profile, seq);
        }
      }
      engine.wake();
      awaitDelivered(transport, steps * profiles.size());
    }

    // then: each profile's messages were delivered once each, in order
    for (String profile : profiles) {
      assertThat(transport.delivered()).filteredOn(m -> m.profileId().equals(profile))
          .extracting(m -> payload(m))
          .as("messages of %s in the order they were delivered", profile)
          .containsExactlyElementsOf(IntStream.range(0, steps).mapToObj(i -> "{\"seq\":" + i + "}").toList());
    }
    // and no profile was ever in two sends at once
    assertThat(transport.overlaps()).as("sends that carried a profile already in another send").isZero();
    // and sends of one lane overlapped: the lane did not send one request at a time
    assertThat(transport.mostSendsOfOneLaneAtOnce()).isGreaterThan(1);
  }

  private static String sameLaneAs(String profile, String prefix) {
    for (int i = 0; ; i++) {
      String candidate = prefix + i;
      if (Lanes.of(candidate) == Lanes.of(profile)) {
        return candidate;
      }
    }
  }

  private static DeliveryEngine start(JdbcStateStore store, RecordingTransport transport, RetryPolicy retry, int maxInFlight) {
    DestinationDefinition crm =
        new DestinationDefinition(
            "crm", EventSelector.ALL, null, null, new TransportSpec(RecordingTransport.TYPE, Map.of()),
            new DeliveryMode.Realtime(), retry, 0, maxInFlight, null);
    // A breaker that a run of refusals cannot open: these tests are about order, not back-off.
    DeliveryEngine.Options options =
        new DeliveryEngine.Options(
            "test", Duration.ofMillis(20), Duration.ofSeconds(30), 1_000, Duration.ofSeconds(30), Duration.ofSeconds(2),
            1_000_000, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5));
    return DeliveryEngine.start(
        store.outbox(), new DestinationCompiler(new TransportRegistry(List.of(new FixedTransportFactory(RecordingTransport.TYPE, transport)))), Clock.systemUTC(), DeliveryMetrics.NONE,
        options, List.of(crm));
  }

  private static void enqueue(JdbcStateStore store, String profile, int seq) {
    store.inTransaction(tx -> {
      tx.enqueue(new OutboxEntry(
          "crm", profile, OutboxEntry.idempotencyKey("crm", "web", profile + "-" + seq),
          ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8), Instant.now(), null));
      return null;
    });
  }

  private static void awaitDelivered(RecordingTransport transport, int n) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (transport.delivered().size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Expected " + n + " delivered messages, saw " + transport.delivered().size());
      }
      Thread.sleep(10);
    }
  }

  private static String payload(OutboundMessage m) {
    return new String(m.payload(), StandardCharsets.UTF_8);
  }

  /**
   * A transport, of type {@code recording}, whose sends take a while and answer per message (a send
   * fails if any of its messages does); it records what was attempted, what was delivered, and
   * what was in flight at once.
   */
  private static final class RecordingTransport implements Transport {
    static final String TYPE = "recording";

    private final int maxBatch;
    private final Duration sendTime;
    private final Function<OutboundMessage, SendResult> answer;
    private final List<OutboundMessage> attempts = new CopyOnWriteArrayList<>();
    private final List<OutboundMessage> delivered = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> sendingProfiles = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> sendingLanes = new ConcurrentHashMap<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicInteger mostOfOneLane = new AtomicInteger();

    RecordingTransport(int maxBatch, Duration sendTime, Function<OutboundMessage, SendResult> answer) {
      this.maxBatch = maxBatch;
      this.sendTime = sendTime;
      this.answer = answer;
    }

    List<OutboundMessage> attempts() {
      return attempts;
    }

    List<OutboundMessage> delivered() {
      return delivered;
    }

    int overlaps() {
      return overlaps.get();
    }

    int mostSendsOfOneLaneAtOnce() {
      return mostOfOneLane.get();
    }

    @Override
    public int maxBatch() {
      return maxBatch;
    }

    @Override
    public SendResult send(List<OutboundMessage> messages) {
      List<String> profiles = messages.stream().map(OutboundMessage::profileId).distinct().toList();
      List<Integer> lanes = messages.stream().map(OutboundMessage::lane).distinct().toList();
      for (String p : profiles) {
        if (sendingProfiles.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet() > 1) {
          overlaps.incrementAndGet();
        }
      }
      for (int lane : lanes) {
        int now = sendingLanes.computeIfAbsent(lane, k -> new AtomicInteger()).incrementAndGet();
        mostOfOneLane.accumulateAndGet(now, Math::max);
      }
      try {
        attempts.addAll(messages);
        Thread.sleep(sendTime.toMillis());
        SendResult result = SendResult.DELIVERED;
        for (OutboundMessage m : messages) {
          SendResult r = answer.apply(m);
          if (!(r instanceof SendResult.Delivered)) {
            result = r;
          }
        }
        if (result instanceof SendResult.Delivered) {
          delivered.addAll(messages);
        }
        return result;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return SendResult.retry("interrupted");
      } finally {
        profiles.forEach(p -> sendingProfiles.get(p).decrementAndGet());
        lanes.forEach(lane -> sendingLanes.get(lane).decrementAndGet());
      }
    }
  }
}
