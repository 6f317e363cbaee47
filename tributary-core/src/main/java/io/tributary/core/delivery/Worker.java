package io.tributary.core.delivery;

import java.util.Set;

/** Delivers one destination's outbox: real time by lane, or in windows. */
interface Worker extends AutoCloseable {
  /** New messages may be in the outbox. */
  void wake();

  /** The lanes this instance holds now; messages of other lanes are left to other instances. */
  void lanes(Set<Integer> owned);

  /** Lanes with a send under way (they cannot be handed to another instance yet). */
  Set<Integer> busyLanes();

  void paused(boolean paused);

  /** Whether the circuit breaker is open. */
  boolean breakerOpen();

  /** Stops sending, waits a while for sends under way, and closes the transport. */
  @Override
  void close();
}
