package io.tributary.bench.load;

import io.tributary.bench.payload.PayloadPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code concurrency} workers on virtual threads, each sending the next batch as soon as the
 * previous one is answered, until the measured phase ends. Measures the server's maximum
 * throughput; latency here is service time under that load, not what an open system would see.
 */
final class ClosedLoop {

  private final PayloadPool pool;
  private final BatchSender sender;
  private final MeasurementWindow window;
  private final int concurrency;

  ClosedLoop(PayloadPool pool, BatchSender sender, MeasurementWindow window, int concurrency) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.window = Objects.requireNonNull(window, "window");
    this.concurrency = concurrency;
  }

  /**
   * Runs until every worker has finished its last request.
   *
   * @throws IllegalStateException if a worker died of an unexpected exception
   */
  void run() throws InterruptedException {
    List<Future<Void>> results = new ArrayList<>();
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < concurrency; i++) {
        results.add(workers.submit(this::work));
      }
    }
    for (Future<Void> result : results) {
      try {
        result.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("A closed-loop worker failed unexpectedly", e.getCause());
      }
    }
  }

  private Void work() throws InterruptedException {
    long start;
    while ((start = System.nanoTime()) < window.measureEndNanos()) {
      sender.deliver(pool.next(window.epochMicros(start)), start);
    }
    return null;
  }
}
