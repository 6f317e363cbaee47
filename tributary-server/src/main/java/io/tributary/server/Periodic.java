package io.tributary.server;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Housekeeping the hub runs every so often on a daemon thread of its own (the log's retention, the
 * deduplication window): a run that fails is logged and tried again at the next turn.
 */
final class Periodic implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Periodic.class.getName());

  private final String name;
  private final ScheduledExecutorService executor;

  private Periodic(String name, ScheduledExecutorService executor) {
    this.name = name;
    this.executor = executor;
  }

  /** Runs {@code task} every {@code every}, the first time after one interval, on a thread named {@code name}. */
  static Periodic start(String name, Duration every, Runnable task) {
    var executor = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name(name).daemon(true).unstarted(r));
    long millis = every.toMillis();
    executor.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, name + " failed, trying again in " + millis + " ms: " + e);
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
    return new Periodic(name, executor);
  }

  /** Stops the turns and waits for a run in progress, so that it does not outlive what it works on. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, name + " still running after 10 s; going on without it");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
