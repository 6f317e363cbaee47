package io.tributary.core.delivery;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Delivers one destination's messages as soon as they are in the ctx.outbox().
 *
 * <p>One dispatch thread owns all the state (lane queues, breaker, rate limit) and reacts to a
 * mailbox: wake-ups after the processor committed, results of sends, lane changes. Sends run on
 * virtual threads, at most {@code maxInFlight} at once. A profile's messages are never in two sends
 * at once and leave in outbox order: a message waits while an earlier one of its profile is being
 * sent or waits for its retry, so a slow or failing profile holds up only itself, not the other
 * profiles of its lane. A transport that takes several messages per send ({@link
 * Transport#maxBatch()} above 1) gets as many ready messages as fit, each lane's in outbox order:
 * under load one send then carries many messages, and when messages trickle in each still leaves
 * at once. Lanes still decide which instance sends what, and a lane with a send under way is not
 * handed to another instance. The messages held
 * in memory are bounded ({@code maxQueued}); the outbox is the truth, and is read again from where
 * the worker left off.
 *
 * <p>Outcomes are written back to the outbox by the engine's {@link Settler}, batched with other
 * workers': delivered messages are deleted, failed ones get their next attempt time, exhausted
 * ones move to the dead-letter queue. A crash between a send and its write-back sends the message again, with the same
 * idempotency key (at least once).
 */
final class RealtimeWorker implements Worker, Runnable {
  private static final System.Logger LOG = System.getLogger(RealtimeWorker.class.getName());
  private static final Object WAKE = new Object();

  /** The result of one send, posted back to the dispatch thread. */
  private record Completion(List<OutboundMessage> batch, SendResult result) {}

  private record LaneChange(Set<Integer> owned) {}

  private record Pause(boolean paused) {}

  private final Destination destination;
  private final Transport transport;
  private final WorkerContext ctx;
  private final LinkedBlockingQueue<Object> mailbox = new LinkedBlockingQueue<>();
  private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
  private final Thread thread;
  private final CircuitBreaker breaker;
  private final RateLimit rateLimit;

  // Owned by the dispatch thread.
  private final Map<Integer, ArrayDeque<OutboundMessage>> queues = new HashMap<>();
  private final Set<Long> known = new HashSet<>();
  /** Profiles with a message in a send under way. */
  private final Set<String> sendingProfiles = new HashSet<>();
  /** Lanes with a send under way, and how many. */
  private final Map<Integer, Integer> sendingLanes = new HashMap<>();
  private int inFlight;
  private final List<Settlement> unsettled = new ArrayList<>();
  private Set<Integer> owned = Set.of();
  private boolean paused;
  private long highWater;
  private boolean loadWanted = true;
  private Instant nextPoll = Instant.EPOCH;
  private Instant nextRescan = Instant.EPOCH;
  private int rotation;
  /** When dispatching could send more without new input (a backoff or the rate limit ends), or null. */
  private Instant nextDispatch;
  private volatile Set<Integer> busySnapshot = Set.of();
  private volatile boolean breakerOpen;
  private volatile boolean closed;

  RealtimeWorker(
      Destination destination,
      Transport transport,
      WorkerContext ctx,
      Set<Integer> owned,
      boolean paused) {
    this.destination = destination;
    this.transport = transport;
    this.ctx = ctx;
    this.owned = Set.copyOf(owned);
    this.paused = paused;
    this.breaker = new CircuitBreaker(ctx.options().breakerThreshold(), ctx.options().breakerCoolDown(), ctx.options().breakerMaxCoolDown());
    this.rateLimit = new RateLimit(destination.definition().rateLimit(), ctx.clock().instant());
    this.thread = Thread.ofPlatform().name("delivery-" + destination.name()).daemon(true).unstarted(this);
  }

  RealtimeWorker start() {
    thread.start();
    return this;
  }

  @Override
  public void wake() {
    mailbox.add(WAKE);
  }

  @Override
  public void lanes(Set<Integer> owned) {
    mailbox.add(new LaneChange(Set.copyOf(owned)));
  }

  @Override
  public Set<Integer> busyLanes() {
    return busySnapshot;
  }

  @Override
  public void paused(boolean paused) {
    mailbox.add(new Pause(paused));
  }

  @Override
  public boolean breakerOpen() {
    return breakerOpen;
  }

  @Override
  public void run() {
    String name = destination.name();
    while (!closed) {
      try {
        Object first = mailbox.poll(waitMillis(), TimeUnit.MILLISECONDS);
        if (first != null) {
          handle(first);
        }
        for (Object next; (next = mailbox.poll()) != null; ) {
          handle(next);
        }
        settle();
        Instant now = ctx.clock().instant();
        if (!now.isBefore(nextPoll)) {
          loadWanted = true;
        }
        if (!now.isBefore(nextRescan)) {
          highWater = 0;
          loadWanted = true;
          nextRescan = now.plus(ctx.options().rescanInterval());
        }
        if (loadWanted) {
          load(now);
        }
        nextDispatch = dispatch(now);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // The state store is down, most likely: keep what is held and try again shortly.
        LOG.log(Level.WARNING, "delivery to " + name + " paused for a moment: " + e, e);
        io.tributary.core.processing.Pause.quietly(ctx.options().pollInterval().toMillis());
      }
    }
  }

  private void handle(Object message) {
    switch (message) {
      case Completion c -> complete(c);
      case LaneChange change -> changeLanes(change.owned());
      case Pause p -> paused = p.paused();
      default -> loadWanted = true;
    }
  }

  private long waitMillis() {
    Instant now = ctx.clock().instant();
    Instant until = nextDispatch == null ? nextPoll : min(nextPoll, nextDispatch);
    return Math.max(0, Math.min(Duration.between(now, until).toMillis(), ctx.options().pollInterval().toMillis()));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private int queued() {
    return known.size();
  }

  private void load(Instant now) {
    loadWanted = false;
    nextPoll = now.plus(ctx.options().pollInterval());
    int room = ctx.options().maxQueued() - queued();
    if (room <= 0 || owned.isEmpty()) {
      return;
    }
    boolean rescan = highWater == 0;
    // Only a rescan reads rows this worker has sent before. One whose outcome the settler writes
    // while the query runs can come back as it was, though it is no longer settling by the time
    // the row is looked at: what was settling when the query began is done with too.
    Set<Long> settlingBefore = rescan ? ctx.settler().settlingNow() : Set.of();
    List<OutboundMessage> rows = ctx.outbox().pending(destination.name(), owned, highWater, rescan ? ctx.options().maxQueued() : room);
    int added = 0;
    long lastAdded = 0;
    for (OutboundMessage m : rows) {
      highWater = Math.max(highWater, m.id());
      // A message whose outcome is being written is done with, whatever the row still says.
      if (added >= room
          || !owned.contains(m.lane())
          || ctx.settler().isSettling(m.id())
          || settlingBefore.contains(m.id())
          || !known.add(m.id())) {
        continue;
      }
      queues.computeIfAbsent(m.lane(), l -> new ArrayDeque<>()).addLast(m);
      added++;
      lastAdded = m.id();
    }
    if (added >= room && !rows.isEmpty()) {
      // Full: continue after the last one taken once there is room again (rows come in id order).
      highWater = lastAdded;
    }
  }

  private void changeLanes(Set<Integer> newOwned) {
    owned = newOwned;
    queues.entrySet().removeIf(e -> {
      if (owned.contains(e.getKey()) || sendingLanes.containsKey(e.getKey())) {
        return false;
      }
      e.getValue().forEach(m -> known.remove(m.id()));
      return true;
    });
    highWater = 0; // read again: the new lanes hold older messages
    loadWanted = true;
  }

  /** Sends what may be sent now; returns when more could be sent without new input, or null. */
  private Instant dispatch(Instant now) {
    if (paused || queues.isEmpty()) {
      return null;
    }
    Instant blocked = breaker.blockedUntil(now, inFlight);
    if (blocked != null) {
      return inFlight == 0 ? blocked : null;
    }
    Instant next = null;
    int maxBatch = Math.max(1, transport.maxBatch());
    List<Integer> lanes = new ArrayList<>(queues.keySet());
    int n = lanes.size();
    rotation = (rotation + 1) % Math.max(1, n);
    List<OutboundMessage> batch = null;
    // Profiles whose next message is not sent in this turn (it waits for a retry): their later
    // messages wait too, whatever lane they are in.
    Set<String> held = new HashSet<>();
    try {
      for (int i = 0; i < n; i++) {
        int lane = lanes.get((rotation + i) % n);
        if (!owned.contains(lane)) {
          continue;
        }
        for (OutboundMessage m : queues.get(lane)) {
          String profile = m.profileId();
          if (sendingProfiles.contains(profile) || held.contains(profile)) {
            continue;
          }
          if (m.notBefore() != null && now.isBefore(m.notBefore())) {
            next = next == null ? m.notBefore() : min(next, m.notBefore());
            held.add(profile);
            continue;
          }
          if (batch == null) {
            if (inFlight >= destination.definition().maxInFlight()) {
              return null; // a completion wakes the loop
            }
            if (breaker.blockedUntil(now, inFlight) != null) {
              return null; // the probe is out; its completion wakes the loop
            }
            Instant token = rateLimit.take(now);
            if (token != null) {
              return next == null ? token : min(next, token);
            }
            batch = new ArrayList<>();
          }
          batch.add(m);
          if (batch.size() >= maxBatch) {
            send(batch); // its profiles are sending now: their later messages wait
            batch = null;
          }
        }
      }
      if (batch != null) {
        send(batch);
      }
      return next;
    } finally {
      busySnapshot = Set.copyOf(sendingLanes.keySet());
    }
  }

  private void send(List<OutboundMessage> batch) {
    breaker.sending();
    inFlight++;
    for (int lane : lanesOf(batch)) {
      sendingLanes.merge(lane, 1, Integer::sum);
    }
    for (OutboundMessage m : batch) {
      sendingProfiles.add(m.profileId());
    }
    senders.execute(() -> mailbox.add(new Completion(batch, transmit(batch))));
  }

  private static Set<Integer> lanesOf(List<OutboundMessage> batch) {
    Set<Integer> lanes = new HashSet<>();
    for (OutboundMessage m : batch) {
      lanes.add(m.lane());
    }
    return lanes;
  }

  private SendResult transmit(List<OutboundMessage> batch) {
    try {
      SendResult r = transport.send(batch);
      return r == null ? SendResult.retry("the transport gave no result") : r;
    } catch (RuntimeException e) {
      return SendResult.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private void complete(Completion c) {
    inFlight--;
    Set<Integer> lanes = lanesOf(c.batch());
    for (int lane : lanes) {
      sendingLanes.computeIfPresent(lane, (l, sends) -> sends == 1 ? null : sends - 1);
    }
    for (OutboundMessage m : c.batch()) {
      sendingProfiles.remove(m.profileId());
    }
    busySnapshot = Set.copyOf(sendingLanes.keySet());
    Instant now = ctx.clock().instant();
    String name = destination.name();
    switch (c.result()) {
      case SendResult.Delivered ignored -> {
        if (breaker.succeeded()) {
          breakerOpen = false;
          ctx.metrics().breaker(name, false);
        }
        for (OutboundMessage m : c.batch()) {
          remove(queues.get(m.lane()), m);
          unsettled.add(new Settlement.Delivered(m.id()));
          ctx.metrics().delivered(name, Duration.between(m.ingestedAt(), now));
        }
      }
      case SendResult.Failed f -> {
        ctx.metrics().failed(name, f.response());
        if (f.retryable() && breaker.failed(now)) {
          breakerOpen = true;
          ctx.metrics().breaker(name, true);
          LOG.log(Level.WARNING, "destination " + name + " is failing (" + f.response() + "); holding its sends for a while");
        }
        RetryPolicy retry = destination.definition().retry();
        // One wait for the whole send, so that its messages are retried together again.
        int attempts = c.batch().stream().mapToInt(OutboundMessage::attempts).max().orElse(0);
        Duration wait = retry.backoff(attempts + 1, f.retryAfter(), ThreadLocalRandom.current());
        for (OutboundMessage m : c.batch()) {
          ArrayDeque<OutboundMessage> queue = queues.get(m.lane());
          OutboundMessage failed = m.failedOnce(now, now.plus(wait));
          boolean exhausted =
              failed.attempts() >= retry.maxAttempts() || Duration.between(m.ingestedAt(), now.plus(wait)).compareTo(retry.maxAge()) > 0;
          if (!f.retryable() || exhausted) {
            remove(queue, m);
            unsettled.add(new Settlement.Dead(failed, now, f.response()));
            ctx.metrics().deadLettered(name);
          } else {
            replace(queue, m, failed);
            unsettled.add(new Settlement.Retry(failed, f.response()));
            ctx.metrics().retried(name);
          }
        }
      }
    }
    for (int lane : lanes) {
      ArrayDeque<OutboundMessage> queue = queues.get(lane);
      if (queue == null) {
        continue;
      }
      if (queue.isEmpty() || (!owned.contains(lane) && !sendingLanes.containsKey(lane))) {
        queue.forEach(m -> known.remove(m.id()));
        queues.remove(lane);
      }
    }
  }

  private void remove(ArrayDeque<OutboundMessage> queue, OutboundMessage m) {
    known.remove(m.id());
    if (queue != null && !queue.isEmpty()) {
      if (queue.peekFirst().id() == m.id()) {
        queue.pollFirst(); // the usual case: the oldest message of its lane
      } else {
        queue.removeIf(q -> q.id() == m.id());
      }
    }
  }

  private static void replace(ArrayDeque<OutboundMessage> queue, OutboundMessage old, OutboundMessage updated) {
    if (queue == null) {
      return;
    }
    List<OutboundMessage> rest = new ArrayList<>(queue);
    queue.clear();
    for (OutboundMessage m : rest) {
      queue.addLast(m.id() == old.id() ? updated : m);
    }
  }

  /** Hands the outcomes to the settler, which writes them in batches with other workers'. */
  private void settle() {
    if (unsettled.isEmpty()) {
      return;
    }
    ctx.settler().submit(List.copyOf(unsettled));
    unsettled.clear();
  }

  @Override
  public void close() {
    closed = true;
    mailbox.add(WAKE);
    try {
      thread.join(ctx.options().closeTimeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    senders.shutdown();
    try {
      if (!senders.awaitTermination(ctx.options().closeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        senders.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Outcomes that arrived after the loop stopped are still recorded.
    for (Object next; (next = mailbox.poll()) != null; ) {
      if (next instanceof Completion c) {
        complete(c);
      }
    }
    settle();
    transport.close();
  }
}
