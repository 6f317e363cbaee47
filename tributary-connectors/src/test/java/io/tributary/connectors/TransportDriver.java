package io.tributary.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.SendResult;
import io.tributary.core.delivery.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Drives a transport in tests as the delivery service does: from several lanes at once, and again after a failure. */
public final class TransportDriver {

  /** The messages one lane sends in one of its sends. */
  @FunctionalInterface
  public interface Batches {
    List<OutboundMessage> of(int lane, int send);
  }

  private TransportDriver() {}

  /**
   * Runs {@code lanes} threads at once, each making {@code sends} sends one after the other, and
   * asserts that every send was delivered within a minute.
   */
  public static void sendFromLanes(Transport transport, int lanes, int sends, Batches batches)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (var pool = Executors.newFixedThreadPool(lanes)) {
      List<Future<List<SendResult>>> sent = new ArrayList<>();
      for (int lane = 0; lane < lanes; lane++) {
        int l = lane;
        sent.add(pool.submit(() -> {
          List<SendResult> results = new ArrayList<>();
          for (int send = 0; send < sends; send++) {
            results.add(transport.send(batches.of(l, send)));
          }
          return results;
        }));
      }
      for (var lane : sent) {
        assertThat(lane.get(60, TimeUnit.SECONDS)).containsOnly(SendResult.DELIVERED);
      }
    }
  }

  /** Makes the send again until it is delivered; fails after a minute with the last result. */
  public static void awaitDelivered(Supplier<SendResult> send) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    SendResult last = send.get();
    while (!last.equals(SendResult.DELIVERED)) {
      assertThat(System.nanoTime()).as("a send to be delivered; the last result: %s", last).isLessThan(deadline);
      last = send.get();
    }
  }
}
