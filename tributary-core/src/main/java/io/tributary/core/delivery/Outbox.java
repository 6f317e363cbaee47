package io.tributary.core.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The delivery side of the state store: the outbox the processor writes in its transactions, the
 * dead-letter queue, the stored destination definitions, and the lanes hub instances share.
 *
 * <p>Thread-safe. Every method is its own transaction; none of them takes part in the processor's.
 */
public interface Outbox {

  /**
   * Pending messages of a destination in the given lanes with an id above {@code afterId}, in id
   * order.
   */
  List<OutboundMessage> pending(String destination, Set<Integer> lanes, long afterId, int limit);

  /** Records what became of sends, in one transaction. */
  void settle(List<Settlement> settlements);

  /** Dead letters matching the query, oldest first. */
  List<DeadLetter> deadLetters(DeadLetterQuery query);

  Optional<DeadLetter> deadLetter(long id);

  /**
   * Moves matching dead letters back into their destination's outbox, after its pending messages,
   * with their attempts reset (their idempotency keys stay). A dead letter whose mapping failed
   * (it holds the mapping's input) is mapped again with {@code remap}, outside the store's write
   * transaction; when that fails too it stays, with the new failure as its last error.
   */
  Replayed replay(DeadLetterQuery query, Remapper remap);

  /** Maps the stored input of a dead letter whose mapping failed, with the mapping in force now. */
  @FunctionalInterface
  interface Remapper {
    /** @throws Destination.DeliveryInputException when the destination's mapping fails on it again */
    byte[] payload(String destination, byte[] mappingInput);
  }

  /**
   * What a replay did.
   *
   * @param replayed how many dead letters went back into the outbox
   * @param stillFailing how many whose mapping failed again stayed
   */
  record Replayed(int replayed, int stillFailing) {}

  /** Deletes matching dead letters; returns how many. */
  int discard(DeadLetterQuery query);

  /** The backlog of every destination that has pending messages or dead letters. */
  Map<String, Backlog> backlog();

  /** Every stored destination, by name. */
  List<StoredDestination> destinations();

  /** Inserts or replaces a destination. */
  void save(StoredDestination destination);

  /**
   * Deletes a destination with its pending messages and dead letters.
   *
   * @return whether it existed
   */
  boolean delete(String name);

  /**
   * Takes and renews leases on lanes for one hub instance: keeps those it holds, takes free or
   * expired ones, up to {@code target} in all, and lets go of lanes beyond it that are in {@code
   * releasable}. Where one process owns the store, every lane is its own.
   *
   * @return the lanes the owner holds until {@code now + ttl}
   */
  Set<Integer> leaseLanes(String owner, Instant now, Duration ttl, int target, Set<Integer> releasable);

  /** How many instances hold unexpired leases, counting {@code owner}. */
  int laneOwners(String owner, Instant now);

  /** Lets go of every lane the owner holds (at shutdown). */
  void releaseLanes(String owner);
}
