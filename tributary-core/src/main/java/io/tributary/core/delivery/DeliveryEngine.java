package io.tributary.core.delivery;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the destinations of one hub instance: keeps the stored definitions, compiles them, runs one
 * worker per destination, and shares the lanes with the other instances of the hub.
 *
 * <p>The stored definitions are the truth. Those from the configuration file are written to the
 * store at start (and removed from it when they leave the file); those from the admin API are
 * written by it. Every instance reads them again every {@link Options#reloadInterval}, so a change
 * made through one instance reaches all of them.
 *
 * <p>Lanes: each instance heart-beats in the store and holds a fair share of the {@link
 * Lanes#COUNT} lanes ({@code ceil(lanes / instances)}), renewing its leases every {@link
 * Options#leaseInterval}. An instance over its share first stops sending on the lanes it will hand
 * over, and lets go of them once their sends are done, so two instances never send one lane's
 * messages at once (unless a lease expired under a stalled instance).
 */
public final class DeliveryEngine implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DeliveryEngine.class.getName());

  /**
   * @param owner this instance's name in the lane leases; stable across restarts, so that a
   *     restarted instance takes its lanes back at once
   * @param pollInterval how often a worker looks for messages it was not woken for (written by
   *     other instances)
   * @param rescanInterval how often a worker reads its whole outbox again, for messages committed
   *     out of id order by concurrent writers
   * @param maxQueued messages held in memory per destination
   * @param leaseTtl how long a lane lease lasts without renewal
   * @param leaseInterval how often leases are renewed and definitions reloaded
   * @param breakerThreshold retryable failures in a row that open a destination's breaker
   * @param breakerCoolDown how long it stays open the first time (doubling up to {@code
   *     breakerMaxCoolDown})
   * @param closeTimeout how long closing waits for sends under way
   */
  public record Options(
      String owner,
      Duration pollInterval,
      Duration rescanInterval,
      int maxQueued,
      Duration leaseTtl,
      Duration leaseInterval,
      int breakerThreshold,
      Duration breakerCoolDown,
      Duration breakerMaxCoolDown,
      Duration closeTimeout) {
    public Options {
      Objects.requireNonNull(owner, "owner");
    }

    public static Options defaults(String owner) {
      return new Options(
          owner,
          Duration.ofSeconds(1),
          Duration.ofSeconds(30),
          10_000,
          Duration.ofSeconds(15),
          Duration.ofSeconds(2),
          5,
          Duration.ofSeconds(1),
          Duration.ofSeconds(30),
          Duration.ofSeconds(10));
    }

    public Options withPollInterval(Duration d) {
      return new Options(owner, d, rescanInterval, maxQueued, leaseTtl, leaseInterval, breakerThreshold, breakerCoolDown, breakerMaxCoolDown, closeTimeout);
    }

    public Options withLeases(Duration ttl, Duration interval) {
      return new Options(owner, pollInterval, rescanInterval, maxQueued, ttl, interval, breakerThreshold, breakerCoolDown, breakerMaxCoolDown, closeTimeout);
    }

    public Options withBreaker(int threshold, Duration coolDown, Duration maxCoolDown) {
      return new Options(owner, pollInterval, rescanInterval, maxQueued, leaseTtl, leaseInterval, threshold, coolDown, maxCoolDown, closeTimeout);
    }

    /** The reload interval is the lease interval: one housekeeping turn does both. */
    public Duration reloadInterval() {
      return leaseInterval;
    }
  }

  /** A destination and how it runs on this instance. */
  public record Status(StoredDestination stored, boolean breakerOpen, Set<Integer> lanes) {}

  /** Raised when the API tries to change a destination defined in the configuration file. */
  public static final class DefinedInConfiguration extends IllegalStateException {
    DefinedInConfiguration(String name) {
      super("Destination '" + name + "' is defined in the configuration file; change it there (it can be paused and resumed here)");
    }
  }

  private record Running(StoredDestination stored, Destination compiled, Worker worker) {}

  private final Outbox outbox;
  private final DestinationCompiler compiler;
  private final InstantSource clock;
  private final DeliveryMetrics metrics;
  private final Options options;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final Settler settler;
  private final WorkerContext workers;
  private final Thread housekeeper;
  private volatile List<Destination> active = List.of();
  private volatile Set<Integer> lanes = Set.of();
  private Set<Integer> draining = Set.of();
  private Instant lastLease = Instant.EPOCH;
  private volatile boolean closed;

  private DeliveryEngine(Outbox outbox, DestinationCompiler compiler, InstantSource clock, DeliveryMetrics metrics, Options options) {
    this.outbox = outbox;
    this.compiler = compiler;
    this.clock = clock;
    this.metrics = metrics;
    this.options = options;
    this.settler = new Settler(outbox);
    this.workers = new WorkerContext(outbox, settler, clock, metrics, options);
    this.housekeeper = Thread.ofPlatform().name("delivery-housekeeper").daemon(true).unstarted(this::housekeeping);
  }

  /**
   * Stores the configured destinations, leases lanes and starts a worker per stored destination.
   *
   * @throws InvalidDefinitionException when a configured destination does not compile
   */
  public static DeliveryEngine start(
      Outbox outbox, DestinationCompiler compiler, InstantSource clock, DeliveryMetrics metrics, Options options, List<DestinationDefinition> configured) {
    var engine = new DeliveryEngine(outbox, compiler, clock, metrics, options);
    engine.storeConfigured(configured);
    engine.lease();
    engine.reconcile();
    engine.housekeeper.start();
    return engine;
  }

  private void storeConfigured(List<DestinationDefinition> configured) {
    Map<String, StoredDestination> stored = new HashMap<>();
    outbox.destinations().forEach(d -> stored.put(d.name(), d));
    Set<String> names = new HashSet<>();
    for (DestinationDefinition d : configured) {
      if (!names.add(d.name())) {
        throw new InvalidDefinitionException(
            List.of(new io.tributary.core.event.FieldError("destinations", "unique", "Destination '" + d.name() + "' is defined twice")));
      }
      compiler.compile(d);
      StoredDestination before = stored.get(d.name());
      if (before == null || before.origin() != StoredDestination.Origin.CONFIG || !before.definition().equals(d)) {
        boolean paused = before != null && before.paused();
        outbox.save(new StoredDestination(d, StoredDestination.Origin.CONFIG, paused, clock.instant()));
      }
    }
    for (StoredDestination d : stored.values()) {
      if (d.origin() == StoredDestination.Origin.CONFIG && !names.contains(d.name())) {
        LOG.log(Level.INFO, "destination " + d.name() + " left the configuration file; deleting it with its outbox");
        outbox.delete(d.name());
      }
    }
  }

  /** The destinations in force, paused ones included (their outbox still fills). */
  public List<Destination> destinations() {
    return active;
  }

  /** Tells every worker that the processor committed new messages. */
  public void wake() {
    for (Running r : running.values()) {
      r.worker().wake();
    }
  }

  public Outbox outbox() {
    return outbox;
  }

  public DestinationCompiler compiler() {
    return compiler;
  }

  public List<Status> list() {
    return running.values().stream()
        .sorted(java.util.Comparator.comparing(r -> r.stored().name()))
        .map(r -> new Status(r.stored(), r.worker().breakerOpen(), lanes))
        .toList();
  }

  public Optional<Status> get(String name) {
    Running r = running.get(name);
    return r == null ? Optional.empty() : Optional.of(new Status(r.stored(), r.worker().breakerOpen(), lanes));
  }

  /**
   * Creates or replaces a destination defined through the API. The new definition is compiled and
   * its transport created before anything is stored, so a broken definition never replaces a
   * working one.
   *
   * @return the stored destination and whether it was created (false: replaced)
   * @throws InvalidDefinitionException when it does not compile
   * @throws DefinedInConfiguration when the configuration file owns that name
   */
  public synchronized Map.Entry<StoredDestination, Boolean> define(DestinationDefinition definition) {
    Destination compiled = compiler.compile(definition);
    Running existing = running.get(definition.name());
    if (existing != null && existing.stored().origin() == StoredDestination.Origin.CONFIG) {
      throw new DefinedInConfiguration(definition.name());
    }
    Transport transport = createTransport(compiled);
    boolean paused = existing != null && existing.stored().paused();
    var stored = new StoredDestination(definition, StoredDestination.Origin.API, paused, clock.instant());
    try {
      outbox.save(stored);
    } catch (RuntimeException e) {
      transport.close();
      throw e;
    }
    replace(stored, compiled, transport);
    return Map.entry(stored, existing == null);
  }

  private Transport createTransport(Destination d) {
    var factory = compiler.transports().get(d.definition().transport().type()).orElseThrow();
    try {
      return factory.create(d.name(), d.definition().transport().options(), d.definition().delivery());
    } catch (RuntimeException e) {
      throw new InvalidDefinitionException(
          List.of(new io.tributary.core.event.FieldError("transport", "create", "The transport could not be set up: " + e.getMessage())));
    }
  }

  /** Pauses or resumes; returns the stored destination, or empty if there is none of that name. */
  public synchronized Optional<StoredDestination> setPaused(String name, boolean paused) {
    Running r = running.get(name);
    if (r == null) {
      return Optional.empty();
    }
    var stored = new StoredDestination(r.stored().definition(), r.stored().origin(), paused, clock.instant());
    outbox.save(stored);
    running.put(name, new Running(stored, r.compiled(), r.worker()));
    r.worker().paused(paused);
    return Optional.of(stored);
  }

  /**
   * Deletes an API-defined destination with its outbox and dead letters.
   *
   * @return whether it existed
   * @throws DefinedInConfiguration when the configuration file owns it
   */
  public synchronized boolean delete(String name) {
    Running r = running.get(name);
    if (r != null && r.stored().origin() == StoredDestination.Origin.CONFIG) {
      throw new DefinedInConfiguration(name);
    }
    if (r != null) {
      running.remove(name);
      publish();
      r.worker().close();
    }
    return outbox.delete(name) || r != null;
  }

  /**
   * Replays a destination's dead letters and wakes the workers. Those whose mapping failed are
   * mapped again with the destination's mapping as it is now.
   */
  public Outbox.Replayed replay(DeadLetterQuery query) {
    Outbox.Remapper remap =
        (destination, input) -> {
          Running r = running.get(destination);
          if (r == null) {
            throw new Destination.DeliveryInputException("mapping", "the destination " + destination + " is not running", null);
          }
          return r.compiled().payloadFromInput(input);
        };
    Outbox.Replayed replayed = outbox.replay(query, remap);
    if (replayed.replayed() > 0) {
      wake();
    }
    return replayed;
  }

  private void replace(StoredDestination stored, Destination compiled, Transport transport) {
    Running old = running.get(stored.name());
    if (old != null) {
      old.worker().close();
    }
    Worker worker =
        switch (stored.definition().delivery()) {
          case DeliveryMode.Realtime ignored ->
              new RealtimeWorker(compiled, transport, workers, activeLanes(), stored.paused()).start();
          case DeliveryMode.Batch ignored ->
              new BatchWorker(compiled, transport, workers, activeLanes(), stored.paused()).start();
        };
    running.put(stored.name(), new Running(stored, compiled, worker));
    publish();
  }

  private void publish() {
    List<Destination> now = new ArrayList<>();
    running.values().forEach(r -> now.add(r.compiled()));
    now.sort(java.util.Comparator.comparing(Destination::name));
    active = List.copyOf(now);
  }

  private Set<Integer> activeLanes() {
    Set<Integer> out = new TreeSet<>(lanes);
    out.removeAll(draining);
    return Set.copyOf(out);
  }

  /** Brings the running workers in line with the stored definitions. */
  private synchronized void reconcile() {
    Map<String, StoredDestination> stored = new HashMap<>();
    outbox.destinations().forEach(d -> stored.put(d.name(), d));
    for (var it = running.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!stored.containsKey(e.getKey())) {
        it.remove();
        publish();
        e.getValue().worker().close();
      }
    }
    for (StoredDestination s : stored.values()) {
      Running r = running.get(s.name());
      if (r != null && r.stored().definition().equals(s.definition())) {
        if (r.stored().paused() != s.paused()) {
          r.worker().paused(s.paused());
          running.put(s.name(), new Running(s, r.compiled(), r.worker()));
        }
        continue;
      }
      try {
        Destination compiled = compiler.compile(s.definition());
        replace(s, compiled, createTransport(compiled));
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "destination " + s.name() + " could not be started: " + e.getMessage());
      }
    }
  }

  private void housekeeping() {
    while (!closed) {
      LockSupport.parkNanos(options.leaseInterval().toNanos());
      if (closed) {
        return;
      }
      try {
        lease();
        reconcile();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "delivery housekeeping failed, will try again: " + e.getMessage());
        if (Duration.between(lastLease, clock.instant()).compareTo(options.leaseTtl()) > 0 && !lanes.isEmpty()) {
          // Leases may have expired: another instance may send these lanes now.
          lanes = Set.of();
          running.values().forEach(r -> r.worker().lanes(Set.of()));
        }
      }
    }
  }

  private synchronized void lease() {
    Instant now = clock.instant();
    int owners = outbox.laneOwners(options.owner(), now);
    int target = (Lanes.COUNT + owners - 1) / owners;
    Set<Integer> busy = new HashSet<>();
    running.values().forEach(r -> busy.addAll(r.worker().busyLanes()));
    Set<Integer> releasable = new HashSet<>(draining);
    releasable.removeAll(busy);
    Set<Integer> held = outbox.leaseLanes(options.owner(), now, options.leaseTtl(), target, releasable);
    lastLease = now;
    Set<Integer> drain = new TreeSet<>();
    if (held.size() > target) {
      List<Integer> sorted = new ArrayList<>(new TreeSet<>(held));
      for (int i = sorted.size() - 1; i >= 0 && held.size() - drain.size() > target; i--) {
        drain.add(sorted.get(i));
      }
    }
    boolean changed = !held.equals(lanes) || !drain.equals(draining);
    lanes = Set.copyOf(held);
    draining = Set.copyOf(drain);
    if (changed) {
      Set<Integer> active = activeLanes();
      running.values().forEach(r -> r.worker().lanes(active));
    }
  }

  /** The lanes this instance holds now. */
  public Set<Integer> lanes() {
    return lanes;
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(housekeeper);
    try {
      housekeeper.join(options.closeTimeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      running.values().forEach(r -> r.worker().close());
      running.clear();
      active = List.of();
    }
    settler.close(options.closeTimeout().toMillis());
    try {
      outbox.releaseLanes(options.owner());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not let go of the delivery lanes; they are free again once their leases expire");
    }
    compiler.transports().close();
  }
}
