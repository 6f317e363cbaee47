package io.tributary.core.delivery;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Delivers one destination's messages in windows ({@link DeliveryMode.Batch}): once a window has
 * closed, or holds {@code maxSize} messages, its messages go out in one {@link Transport#send}, in
 * outbox order (one file, for the file transport). A failed window is retried whole, with the
 * destination's backoff; when it is exhausted, all its messages go to the dead-letter queue.
 *
 * <p>Windows are not split by lane: the instance holding the destination's home lane ({@link
 * Lanes#of} of its name) delivers all of them.
 */
final class BatchWorker implements Worker, Runnable {
  private static final System.Logger LOG = System.getLogger(BatchWorker.class.getName());

  private final Destination destination;
  private final DeliveryMode.Batch mode;
  private final Transport transport;
  private final WorkerContext ctx;
  private final int homeLane;
  private final Thread thread;
  private volatile boolean owner;
  private volatile boolean paused;
  private volatile boolean busy;
  private volatile boolean closed;
  private volatile boolean woken;
  private Instant notBefore = Instant.MIN;

  BatchWorker(
      Destination destination,
      Transport transport,
      WorkerContext ctx,
      Set<Integer> owned,
      boolean paused) {
    this.destination = destination;
    this.mode = (DeliveryMode.Batch) destination.definition().delivery();
    this.transport = transport;
    this.ctx = ctx;
    this.homeLane = Lanes.of(destination.name());
    this.owner = owned.contains(homeLane);
    this.paused = paused;
    this.thread = Thread.ofPlatform().name("delivery-" + destination.name()).daemon(true).unstarted(this);
  }

  BatchWorker start() {
    thread.start();
    return this;
  }

  @Override
  public void wake() {
    woken = true;
  }

  @Override
  public void lanes(Set<Integer> owned) {
    owner = owned.contains(homeLane);
    LockSupport.unpark(thread);
  }

  @Override
  public Set<Integer> busyLanes() {
    return busy ? Set.of(homeLane) : Set.of();
  }

  @Override
  public void paused(boolean paused) {
    this.paused = paused;
    LockSupport.unpark(thread);
  }

  @Override
  public boolean breakerOpen() {
    return false;
  }

  @Override
  public void run() {
    while (!closed) {
      long sleep = ctx.options().pollInterval().toMillis();
      try {
        if (owner && !paused) {
          sleep = Math.min(sleep, turn());
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "delivery to " + destination.name() + " paused for a moment: " + e, e);
      }
      if (!closed && sleep > 0) {
        LockSupport.parkNanos(Duration.ofMillis(sleep).toNanos());
      }
      woken = false;
    }
  }

  /** Sends the oldest window if it is due; returns how long to wait before looking again. */
  private long turn() {
    Instant now = ctx.clock().instant();
    if (now.isBefore(notBefore)) {
      return Duration.between(now, notBefore).toMillis();
    }
    List<OutboundMessage> rows = ctx.outbox().pending(destination.name(), Lanes.ALL, 0, mode.maxSize());
    if (rows.isEmpty()) {
      return ctx.options().pollInterval().toMillis();
    }
    long start = mode.windowStart(rows.getFirst().ingestedAt().toEpochMilli());
    List<OutboundMessage> window = new ArrayList<>();
    for (OutboundMessage m : rows) {
      if (mode.windowStart(m.ingestedAt().toEpochMilli()) == start) {
        window.add(m);
      }
    }
    long closesAt = start + mode.window().toMillis();
    boolean due = now.toEpochMilli() >= closesAt || window.size() >= mode.maxSize();
    if (!due) {
      return Math.max(1, closesAt - now.toEpochMilli());
    }
    Instant stored = window.getFirst().notBefore();
    if (stored != null && now.isBefore(stored)) {
      notBefore = stored; // backoff recorded before a restart
      return Duration.between(now, stored).toMillis();
    }
    busy = true;
    SendResult result;
    try {
      result = transport.send(window);
    } catch (RuntimeException e) {
      result = SendResult.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      busy = false;
    }
    settle(window, result, ctx.clock().instant());
    return 0;
  }

  private void settle(List<OutboundMessage> window, SendResult result, Instant now) {
    String name = destination.name();
    List<Settlement> out = new ArrayList<>(window.size());
    switch (result) {
      case SendResult.Delivered ignored -> {
        for (OutboundMessage m : window) {
          out.add(new Settlement.Delivered(m.id()));
          ctx.metrics().delivered(name, Duration.between(m.ingestedAt(), now));
        }
      }
      case SendResult.Failed f -> {
        ctx.metrics().failed(name, f.response());
        RetryPolicy retry = destination.definition().retry();
        int attempts = window.getFirst().attempts() + 1;
        Duration wait = retry.backoff(attempts, f.retryAfter(), ThreadLocalRandom.current());
        Instant next = now.plus(wait);
        boolean exhausted =
            !f.retryable()
                || attempts >= retry.maxAttempts()
                || Duration.between(window.getFirst().ingestedAt(), next).compareTo(retry.maxAge()) > 0;
        for (OutboundMessage m : window) {
          OutboundMessage failed = m.failedOnce(now, next);
          if (exhausted) {
            out.add(new Settlement.Dead(failed, now, f.response()));
            ctx.metrics().deadLettered(name);
          } else {
            out.add(new Settlement.Retry(failed, f.response()));
            ctx.metrics().retried(name);
          }
        }
        notBefore = exhausted ? Instant.MIN : next;
      }
    }
    ctx.outbox().settle(out);
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join(ctx.options().closeTimeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    transport.close();
  }
}
