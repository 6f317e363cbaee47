package io.tributary.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tributary.core.delivery.Backlog;
import io.tributary.core.delivery.DeadLetter;
import io.tributary.core.delivery.DeadLetterQuery;
import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.delivery.Destination;
import io.tributary.core.delivery.DestinationDefinition;
import io.tributary.core.delivery.EventSelector;
import io.tributary.core.delivery.Lanes;
import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.Outbox;
import io.tributary.core.delivery.OutboxEntry;
import io.tributary.core.delivery.RetryPolicy;
import io.tributary.core.delivery.Settlement;
import io.tributary.core.delivery.StoredDestination;
import io.tributary.core.delivery.TransportSpec;
import io.tributary.core.event.EventType;
import io.tributary.core.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Outbox} must do, run against each implementation (SQLite, PostgreSQL) by a
 * subclass that says how to open a state store and get its outbox. Messages enter the outbox the
 * way the processor writes them, through {@link io.tributary.core.state.StateTransaction#enqueue}.
 */
public abstract class OutboxContract {
  /** Stores keep instants to the microsecond. */
  protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");
  protected static final Duration TTL = Duration.ofSeconds(30);

  protected StateStore store;
  protected Outbox outbox;

  /** A new, empty store. */
  protected abstract StateStore openStore() throws Exception;

  /** The store's outbox. */
  protected abstract Outbox outboxOf(StateStore store);

  /**
   * How many payloads the store holds apart from their messages (shared by several destinations);
   * read from the database itself.
   */
  protected abstract long sharedPayloadRows() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = openStore();
    outbox = outboxOf(store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** For replays of letters that were all sent: none needs its mapping. */
  private static final Outbox.Remapper NO_MAPPING = (destination, input) -> {
    throw new AssertionError("Expected no letter to need its mapping again");
  };

  /** A profile id whose messages go to {@code lane}. */
  protected static String profileInLane(int lane) {
    return IntStream.iterate(0, i -> i + 1).mapToObj(i -> "p-" + i).filter(p -> Lanes.of(p) == lane).findFirst().orElseThrow();
  }

  private static byte[] payload(String destination, int n) {
    return ("{\"to\":\"" + destination + "\",\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
  }

  /** Message {@code n} of a destination, about a profile, ingested at {@code T0 + n s}. */
  protected static OutboxEntry entry(String destination, String profileId, int n) {
    return new OutboxEntry(
        destination, profileId, OutboxEntry.idempotencyKey(destination, "web", "m-" + n), payload(destination, n), T0.plusSeconds(n), null);
  }

  /** Message {@code n} of a destination whose mapping failed. */
  protected static OutboxEntry unmapped(String destination, String profileId, int n, String failure) {
    return new OutboxEntry(
        destination, profileId, OutboxEntry.idempotencyKey(destination, "web", "m-" + n), payload("input", n), T0.plusSeconds(n), failure);
  }

  /** Writes the entries in one processor transaction. */
  protected void enqueue(OutboxEntry... entries) {
    store.inTransaction(tx -> {
      for (OutboxEntry e : entries) {
        tx.enqueue(e);
      }
      return null;
    });
  }

  protected List<OutboundMessage> pending(String destination) {
    return outbox.pending(destination, Lanes.ALL, 0, 1_000);
  }

  protected List<DeadLetter> deadLetters(String destination) {
    return outbox.deadLetters(DeadLetterQuery.all(destination, 1_000));
  }

  private static List<String> keys(List<OutboundMessage> messages) {
    return messages.stream().map(OutboundMessage::idempotencyKey).toList();
  }

  private static List<String> keysOf(OutboxEntry... entries) {
    return List.of(entries).stream().map(OutboxEntry::idempotencyKey).toList();
  }

  private static List<String> deadKeys(List<DeadLetter> letters) {
    return letters.stream().map(d -> d.message().idempotencyKey()).toList();
  }

  /** The message after one more failed send. */
  private static OutboundMessage failed(OutboundMessage m, Instant at, Instant next) {
    return new OutboundMessage(
        m.id(), m.destination(), m.lane(), m.profileId(), m.idempotencyKey(), m.payload(), m.ingestedAt(), m.attempts() + 1,
        m.firstFailedAt() == null ? at : m.firstFailedAt(), next);
  }

  /** Enqueues message {@code n} and gives it up at {@code failedAt} with {@code error}. */
  protected DeadLetter deadLetter(String destination, int n, Instant failedAt, String error) {
    OutboxEntry e = entry(destination, profileInLane(n % Lanes.COUNT), n);
    enqueue(e);
    OutboundMessage m =
        pending(destination).stream().filter(p -> p.idempotencyKey().equals(e.idempotencyKey())).findFirst().orElseThrow();
    outbox.settle(List.of(new Settlement.Dead(failed(m, failedAt, null), failedAt, error)));
    return deadLetters(destination).stream()
        .filter(d -> d.message().idempotencyKey().equals(e.idempotencyKey()))
        .findFirst()
        .orElseThrow();
  }

  private static DeadLetterQuery errors(String destination, String contains) {
    return new DeadLetterQuery(0, destination, contains, null, null, 0, 100);
  }

  private static DeadLetterQuery failed(Instant from, Instant before) {
    return new DeadLetterQuery(0, null, null, from, before, 0, 100);
  }

  private List<Long> ids(DeadLetterQuery q) {
    return outbox.deadLetters(q).stream().map(DeadLetter::id).toList();
  }

  /** The lanes in both sets. */
  protected static Set<Integer> bothHold(Set<Integer> first, Set<Integer> second) {
    Set<Integer> both = new HashSet<>(first);
    both.retainAll(second);
    return both;
  }

  // ---- the outbox ------------------------------------------------------------------------

  @Test
  void shouldListPendingMessagesInIdOrderAsTheyWereEnqueued() {
    // given
    String ada = profileInLane(5);
    OutboxEntry first = entry("crm", ada, 1);
    OutboxEntry other = entry("ads", ada, 2);
    OutboxEntry second = entry("crm", profileInLane(40), 3);
    OutboxEntry third = entry("crm", ada, 4);
    OutboxEntry fourth = entry("crm", profileInLane(7), 5);
    // when
    enqueue(first, other, second, third);
    enqueue(fourth);
    // then
    List<OutboundMessage> crm = pending("crm");
    assertThat(keys(crm)).containsExactlyElementsOf(keysOf(first, second, third, fourth));
    assertThat(crm).extracting(OutboundMessage::id).isSorted().doesNotHaveDuplicates();
    assertThat(crm.getFirst())
        .usingRecursiveComparison()
        .ignoringFields("id")
        .isEqualTo(new OutboundMessage(0, "crm", 5, ada, first.idempotencyKey(), first.payload(), first.ingestedAt(), 0, null, null));
    assertThat(keys(pending("ads"))).containsExactlyElementsOf(keysOf(other));
    assertThat(pending("billing")).isEmpty();
  }

  @Test
  void shouldListOnlyTheMessagesOfTheGivenLanes() {
    // given: one message in each of these lanes, the highest included
    int[] lanes = {0, 1, 31, 32, 62, 63};
    for (int i = 0; i < lanes.length; i++) {
      enqueue(entry("crm", profileInLane(lanes[i]), i));
    }
    Set<Integer> allButOne = new HashSet<>(Lanes.ALL);
    allButOne.remove(31);
    // then
    assertThat(outbox.pending("crm", Set.of(0, 63), 0, 100)).extracting(OutboundMessage::lane).containsExactly(0, 63);
    assertThat(outbox.pending("crm", Set.of(32), 0, 100)).extracting(OutboundMessage::lane).containsExactly(32);
    assertThat(outbox.pending("crm", Set.of(63), 0, 100)).extracting(OutboundMessage::lane).containsExactly(63);
    assertThat(outbox.pending("crm", allButOne, 0, 100)).extracting(OutboundMessage::lane).containsExactly(0, 1, 32, 62, 63);
    assertThat(outbox.pending("crm", Lanes.ALL, 0, 100)).extracting(OutboundMessage::lane).containsExactly(0, 1, 31, 32, 62, 63);
    assertThat(outbox.pending("crm", Set.of(2, 33), 0, 100)).isEmpty();
    assertThat(outbox.pending("crm", Set.of(), 0, 100)).isEmpty();
  }

  @Test
  void shouldPageThroughPendingMessagesAfterAnIdUpToALimit() {
    // given
    for (int i = 0; i < 5; i++) {
      enqueue(entry("crm", profileInLane(i), i));
    }
    List<OutboundMessage> all = pending("crm");
    // when
    List<OutboundMessage> page1 = outbox.pending("crm", Lanes.ALL, 0, 2);
    List<OutboundMessage> page2 = outbox.pending("crm", Lanes.ALL, page1.getLast().id(), 2);
    List<OutboundMessage> page3 = outbox.pending("crm", Lanes.ALL, page2.getLast().id(), 2);
    // then
    assertThat(keys(page1)).containsExactlyElementsOf(keys(all.subList(0, 2)));
    assertThat(keys(page2)).containsExactlyElementsOf(keys(all.subList(2, 4)));
    assertThat(keys(page3)).containsExactlyElementsOf(keys(all.subList(4, 5)));
    assertThat(outbox.pending("crm", Lanes.ALL, page3.getLast().id(), 2)).isEmpty();
    assertThat(outbox.pending("crm", Set.of(1, 2, 3), page1.getFirst().id(), 1)).extracting(OutboundMessage::lane).containsExactly(1);
  }

  @Test
  void shouldRemoveADeliveredMessage() {
    // given
    enqueue(entry("crm", profileInLane(1), 1), entry("crm", profileInLane(2), 2));
    List<OutboundMessage> before = pending("crm");
    // when
    outbox.settle(List.of(new Settlement.Delivered(before.getFirst().id())));
    // then
    assertThat(keys(pending("crm"))).containsExactly(before.get(1).idempotencyKey());
    assertThat(deadLetters("crm")).isEmpty();
  }

  @Test
  void shouldKeepARetriedMessageWithItsAttemptsAndNextAttempt() {
    // given
    enqueue(entry("crm", profileInLane(1), 1));
    OutboundMessage m = pending("crm").getFirst();
    Instant firstFailure = T0.plusSeconds(60);
    // when: two failed sends
    outbox.settle(List.of(new Settlement.Retry(failed(m, firstFailure, firstFailure.plusSeconds(1)), "HTTP 503")));
    OutboundMessage once = pending("crm").getFirst();
    outbox.settle(List.of(new Settlement.Retry(failed(once, T0.plusSeconds(62), T0.plusSeconds(64)), "timed out")));
    // then
    OutboundMessage twice = pending("crm").getFirst();
    assertThat(once.attempts()).isEqualTo(1);
    assertThat(once.notBefore()).isEqualTo(firstFailure.plusSeconds(1));
    assertThat(twice)
        .usingRecursiveComparison()
        .isEqualTo(
            new OutboundMessage(
                m.id(), "crm", m.lane(), m.profileId(), m.idempotencyKey(), m.payload(), m.ingestedAt(), 2, firstFailure, T0.plusSeconds(64)));
  }

  @Test
  void shouldMoveAGivenUpMessageToTheDeadLettersWithItsLastError() {
    // given
    enqueue(entry("crm", profileInLane(3), 1));
    OutboundMessage m = pending("crm").getFirst();
    OutboundMessage thrice = failed(failed(failed(m, T0.plusSeconds(10), null), T0.plusSeconds(11), null), T0.plusSeconds(12), null);
    // when
    outbox.settle(List.of(new Settlement.Dead(thrice, T0.plusSeconds(12), "HTTP 410 Gone")));
    // then
    assertThat(pending("crm")).isEmpty();
    List<DeadLetter> dead = deadLetters("crm");
    assertThat(dead).hasSize(1);
    DeadLetter letter = dead.getFirst();
    assertThat(letter.id()).isPositive();
    assertThat(letter.failedAt()).isEqualTo(T0.plusSeconds(12));
    assertThat(letter.lastError()).isEqualTo("HTTP 410 Gone");
    assertThat(letter.message())
        .usingRecursiveComparison()
        .isEqualTo(
            new OutboundMessage(
                m.id(), "crm", 3, m.profileId(), m.idempotencyKey(), m.payload(), m.ingestedAt(), 3, T0.plusSeconds(10), null));
    assertThat(outbox.deadLetter(letter.id())).get().usingRecursiveComparison().isEqualTo(letter);
    assertThat(outbox.deadLetter(letter.id() + 1_000)).isEmpty();
  }

  @Test
  void shouldSettleDeliveriesRetriesAndDeadLettersTogether() {
    // given
    enqueue(entry("crm", profileInLane(1), 1), entry("crm", profileInLane(2), 2), entry("crm", profileInLane(3), 3));
    List<OutboundMessage> m = pending("crm");
    // when
    outbox.settle(
        List.of(
            new Settlement.Delivered(m.get(0).id()),
            new Settlement.Retry(failed(m.get(1), T0, T0.plusSeconds(1)), "HTTP 500"),
            new Settlement.Dead(failed(m.get(2), T0, null), T0, "HTTP 400")));
    // then
    assertThat(pending("crm")).extracting(OutboundMessage::id, OutboundMessage::attempts).containsExactly(tuple(m.get(1).id(), 1));
    assertThat(deadLetters("crm")).extracting(d -> d.message().id()).containsExactly(m.get(2).id());
    outbox.settle(List.of());
  }

  @Test
  void shouldStoreAPayloadSeveralDestinationsTakeOnceAndDropItWhenTheLastIsSettled() throws Exception {
    // given: one payload array for three destinations (the default payload), one of its own
    byte[] shared = "{\"event\":\"Order Completed\"}".getBytes(StandardCharsets.UTF_8);
    String profile = profileInLane(5);
    enqueue(
        new OutboxEntry("crm", profile, "k-crm", shared, T0, null),
        new OutboxEntry("erp", profile, "k-erp", shared, T0, null),
        new OutboxEntry("mkt", profile, "k-mkt", shared, T0, null),
        entry("mkt", profile, 2));
    // then: each message has its payload, and it is stored once
    for (String d : List.of("crm", "erp", "mkt")) {
      assertThat(new String(pending(d).getFirst().payload(), StandardCharsets.UTF_8)).as(d).isEqualTo("{\"event\":\"Order Completed\"}");
    }
    assertThat(new String(pending("mkt").get(1).payload(), StandardCharsets.UTF_8)).isEqualTo("{\"to\":\"mkt\",\"n\":2}");
    assertThat(sharedPayloadRows()).isEqualTo(1);
    // when: two are delivered, it stays for the third
    outbox.settle(List.of(new Settlement.Delivered(pending("crm").getFirst().id()), new Settlement.Delivered(pending("erp").getFirst().id())));
    assertThat(sharedPayloadRows()).isEqualTo(1);
    // when the third gives up, its dead letter keeps the payload and the shared copy goes
    OutboundMessage last = pending("mkt").getFirst();
    outbox.settle(List.of(new Settlement.Dead(failed(last, T0, null), T0, "HTTP 400")));
    // then
    assertThat(sharedPayloadRows()).isZero();
    assertThat(new String(deadLetters("mkt").getFirst().message().payload(), StandardCharsets.UTF_8)).isEqualTo("{\"event\":\"Order Completed\"}");
    assertThat(pending("mkt")).hasSize(1);
  }

  @Test
  void shouldKeepAMessageWhoseMappingFailedAsADeadLetterThatNeverWasInTheOutbox() {
    // given
    OutboxEntry e = unmapped("crm", profileInLane(9), 4, "mapping failed: JException: D3030");
    // when
    enqueue(e);
    // then
    assertThat(pending("crm")).isEmpty();
    DeadLetter letter = deadLetters("crm").getFirst();
    assertThat(letter.lastError()).isEqualTo("mapping failed: JException: D3030");
    assertThat(letter.failedAt()).isEqualTo(e.ingestedAt());
    assertThat(letter.message())
        .usingRecursiveComparison()
        .isEqualTo(new OutboundMessage(0, "crm", 9, e.profileId(), e.idempotencyKey(), e.payload(), e.ingestedAt(), 0, null, null));
  }

  // ---- dead letters ----------------------------------------------------------------------

  @Test
  void shouldListDeadLettersByDestinationOldestFirst() {
    // given
    DeadLetter a = deadLetter("crm", 1, T0.plusSeconds(10), "HTTP 503 Service Unavailable");
    DeadLetter b = deadLetter("ads", 2, T0.plusSeconds(20), "HTTP 503");
    DeadLetter c = deadLetter("crm", 3, T0.plusSeconds(30), "connection reset");
    // then
    assertThat(ids(DeadLetterQuery.all("crm", 100))).containsExactly(a.id(), c.id());
    assertThat(ids(DeadLetterQuery.all(null, 100))).containsExactly(a.id(), b.id(), c.id());
    assertThat(ids(DeadLetterQuery.all("billing", 100))).isEmpty();
  }

  @Test
  void shouldFindDeadLettersByTheTextOfTheirLastError() {
    // given
    DeadLetter a = deadLetter("crm", 1, T0, "HTTP 503 Service Unavailable");
    DeadLetter b = deadLetter("ads", 2, T0, "HTTP 503");
    DeadLetter c = deadLetter("crm", 3, T0, "read_timeout after 10 s");
    DeadLetter d = deadLetter("crm", 4, T0, "disk 100% full");
    DeadLetter e = deadLetter("crm", 5, T0, "no such file C:\\spool\\out");
    // then
    assertThat(ids(errors(null, "503"))).containsExactly(a.id(), b.id());
    assertThat(ids(errors("crm", "503"))).containsExactly(a.id());
    assertThat(ids(errors(null, "Service Unavailable"))).containsExactly(a.id());
    assertThat(ids(errors(null, "service UNAVAILABLE"))).as("case does not matter, on either database").containsExactly(a.id());
    assertThat(ids(errors(null, "read_timeout"))).containsExactly(c.id());
    assertThat(ids(errors(null, "100% full"))).containsExactly(d.id());
    assertThat(ids(errors(null, "C:\\spool"))).containsExactly(e.id());
    // then: '_' and '%' are no wildcards
    assertThat(ids(errors(null, "HTTP_503"))).isEmpty();
    assertThat(ids(errors(null, "HTTP%Unavailable"))).isEmpty();
    assertThat(ids(errors(null, "gateway"))).isEmpty();
  }

  @Test
  void shouldFindDeadLettersByWhenTheyFailed() {
    // given
    DeadLetter a = deadLetter("crm", 1, T0.plusSeconds(10), "e");
    DeadLetter b = deadLetter("crm", 2, T0.plusSeconds(20), "e");
    DeadLetter c = deadLetter("ads", 3, T0.plusSeconds(30), "e");
    // then: from inclusive, before exclusive
    assertThat(ids(failed(T0.plusSeconds(20), null))).containsExactly(b.id(), c.id());
    assertThat(ids(failed(null, T0.plusSeconds(20)))).containsExactly(a.id());
    assertThat(ids(failed(T0.plusSeconds(10), T0.plusSeconds(30)))).containsExactly(a.id(), b.id());
    assertThat(ids(failed(T0.plusSeconds(10).plusNanos(1_000), T0.plusSeconds(30)))).containsExactly(b.id());
  }

  @Test
  void shouldPageThroughDeadLettersWithACursorAndFindOneById() {
    // given
    DeadLetter a = deadLetter("crm", 1, T0, "e");
    DeadLetter b = deadLetter("crm", 2, T0, "e");
    DeadLetter c = deadLetter("crm", 3, T0, "e");
    DeadLetter other = deadLetter("ads", 4, T0, "e");
    // then
    assertThat(ids(DeadLetterQuery.all("crm", 2))).containsExactly(a.id(), b.id());
    assertThat(ids(new DeadLetterQuery(0, "crm", null, null, null, b.id(), 2))).containsExactly(c.id());
    assertThat(ids(new DeadLetterQuery(0, "crm", null, null, null, c.id(), 2))).isEmpty();
    assertThat(ids(DeadLetterQuery.one("crm", b.id()))).containsExactly(b.id());
    assertThat(ids(DeadLetterQuery.one("crm", other.id()))).isEmpty();
    assertThat(ids(new DeadLetterQuery(other.id(), null, null, null, null, 0, 10))).containsExactly(other.id());
  }

  @Test
  void shouldReplayDeadLettersAfterThePendingMessagesWithAttemptsResetAndTheSameKeys() {
    // given
    DeadLetter a = deadLetter("crm", 1, T0.plusSeconds(10), "HTTP 503");
    DeadLetter b = deadLetter("crm", 2, T0.plusSeconds(11), "HTTP 503");
    DeadLetter other = deadLetter("ads", 3, T0.plusSeconds(12), "HTTP 503");
    enqueue(entry("crm", profileInLane(7), 7));
    OutboundMessage waiting = pending("crm").getFirst();
    // when
    Outbox.Replayed replayed = outbox.replay(DeadLetterQuery.all("crm", 100), NO_MAPPING);
    // then
    assertThat(replayed).isEqualTo(new Outbox.Replayed(2, 0));
    List<OutboundMessage> crm = pending("crm");
    assertThat(keys(crm)).containsExactly(waiting.idempotencyKey(), a.message().idempotencyKey(), b.message().idempotencyKey());
    assertThat(crm).extracting(OutboundMessage::id).isSorted();
    assertThat(crm.get(1))
        .usingRecursiveComparison()
        .ignoringFields("id")
        .isEqualTo(
            new OutboundMessage(0, "crm", a.message().lane(), a.message().profileId(), a.message().idempotencyKey(), a.message().payload(),
                a.message().ingestedAt(), 0, null, null));
    assertThat(deadLetters("crm")).isEmpty();
    assertThat(deadKeys(deadLetters("ads"))).containsExactly(other.message().idempotencyKey());
  }

  @Test
  void shouldReplayOnlyTheDeadLettersTheQuerySelects() {
    // given
    DeadLetter a = deadLetter("crm", 1, T0, "HTTP 503");
    DeadLetter b = deadLetter("crm", 2, T0, "HTTP 400");
    DeadLetter c = deadLetter("crm", 3, T0, "HTTP 503");
    // when
    int one = outbox.replay(DeadLetterQuery.one("crm", b.id()), NO_MAPPING).replayed();
    int limited = outbox.replay(new DeadLetterQuery(0, "crm", "503", null, null, 0, 1), NO_MAPPING).replayed();
    // then
    assertThat(one).isEqualTo(1);
    assertThat(limited).isEqualTo(1);
    assertThat(keys(pending("crm"))).containsExactly(b.message().idempotencyKey(), a.message().idempotencyKey());
    assertThat(deadKeys(deadLetters("crm"))).containsExactly(c.message().idempotencyKey());
  }

  @Test
  void shouldMapADeadLetterWhoseMappingFailedAgainWhenItIsReplayed() {
    // given: one letter whose mapping failed (it holds the mapping's input), one that was sent
    OutboxEntry unmapped = unmapped("crm", profileInLane(1), 1, "mapping failed: JException: D3030");
    enqueue(unmapped);
    DeadLetter sent = deadLetter("crm", 2, T0, "HTTP 503");
    List<String> mapped = new ArrayList<>();
    Outbox.Remapper fixed = (destination, input) -> {
      mapped.add(destination + " " + new String(input, StandardCharsets.UTF_8));
      return ("{\"fixed\":" + new String(input, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8);
    };
    // when
    Outbox.Replayed replayed = outbox.replay(DeadLetterQuery.all("crm", 100), fixed);
    // then: the input went through the mapping once, and both letters are pending again
    assertThat(replayed).isEqualTo(new Outbox.Replayed(2, 0));
    assertThat(mapped).containsExactly("crm " + new String(unmapped.payload(), StandardCharsets.UTF_8));
    assertThat(deadLetters("crm")).isEmpty();
    OutboundMessage remapped =
        pending("crm").stream().filter(m -> m.idempotencyKey().equals(unmapped.idempotencyKey())).findFirst().orElseThrow();
    assertThat(remapped)
        .usingRecursiveComparison()
        .ignoringFields("id")
        .isEqualTo(
            new OutboundMessage(0, "crm", 1, unmapped.profileId(), unmapped.idempotencyKey(),
                ("{\"fixed\":" + new String(unmapped.payload(), StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8),
                unmapped.ingestedAt(), 0, null, null));
    assertThat(keys(pending("crm"))).contains(sent.message().idempotencyKey());
  }

  @Test
  void shouldKeepADeadLetterWhoseMappingFailsAgainWithTheNewFailure() {
    // given
    OutboxEntry unmapped = unmapped("crm", profileInLane(1), 1, "mapping failed: JException: D3030");
    enqueue(unmapped);
    DeadLetter sent = deadLetter("crm", 2, T0, "HTTP 503");
    Outbox.Remapper stillBroken = (destination, input) -> {
      throw new Destination.DeliveryInputException("mapping", "still broken", new IllegalArgumentException("D1001"));
    };
    // when
    Outbox.Replayed replayed = outbox.replay(DeadLetterQuery.all("crm", 100), stillBroken);
    // then: the one that was sent goes back, the other stays with the new failure and its input
    assertThat(replayed).isEqualTo(new Outbox.Replayed(1, 1));
    assertThat(keys(pending("crm"))).containsExactly(sent.message().idempotencyKey());
    DeadLetter kept = deadLetters("crm").getFirst();
    assertThat(kept.lastError()).isEqualTo("mapping failed: IllegalArgumentException: D1001");
    assertThat(kept.failedAt()).isAfter(unmapped.ingestedAt());
    assertThat(kept.message().id()).isZero();
    assertThat(kept.message().payload()).isEqualTo(unmapped.payload());
    // and a replay after that touches only it again
    assertThat(outbox.replay(DeadLetterQuery.all("crm", 100), stillBroken)).isEqualTo(new Outbox.Replayed(0, 1));
  }

  @Test
  void shouldCountTheLettersMappedAgainInTheReplaysLimit() {
    // given: two unmapped letters and two sent ones
    enqueue(unmapped("crm", profileInLane(1), 1, "mapping failed"), unmapped("crm", profileInLane(2), 2, "mapping failed"));
    deadLetter("crm", 3, T0, "HTTP 503");
    deadLetter("crm", 4, T0, "HTTP 503");
    // when
    Outbox.Replayed replayed = outbox.replay(DeadLetterQuery.all("crm", 3), (destination, input) -> input);
    // then
    assertThat(replayed.replayed()).isEqualTo(3);
    assertThat(deadLetters("crm")).hasSize(1);
  }

  @Test
  void shouldDiscardTheDeadLettersTheQuerySelects() {
    // given
    enqueue(unmapped("crm", profileInLane(1), 1, "mapping failed"));
    DeadLetter a = deadLetter("crm", 2, T0, "HTTP 503");
    DeadLetter b = deadLetter("crm", 3, T0, "HTTP 400");
    DeadLetter other = deadLetter("ads", 4, T0, "HTTP 503");
    // when
    int byError = outbox.discard(errors("crm", "503"));
    int one = outbox.discard(DeadLetterQuery.one("crm", b.id()));
    int unknown = outbox.discard(DeadLetterQuery.one("crm", a.id()));
    int unmapped = outbox.discard(DeadLetterQuery.all("crm", 100));
    // then
    assertThat(List.of(byError, one, unknown, unmapped)).containsExactly(1, 1, 0, 1);
    assertThat(deadLetters("crm")).isEmpty();
    assertThat(ids(DeadLetterQuery.all(null, 100))).containsExactly(other.id());
    assertThat(pending("crm")).isEmpty();
  }

  // ---- backlog and destinations ----------------------------------------------------------

  @Test
  void shouldCountTheBacklogOfEveryDestinationWithPendingMessagesOrDeadLetters() {
    // given
    enqueue(entry("crm", profileInLane(1), 5), entry("crm", profileInLane(2), 3), entry("crm", profileInLane(3), 4));
    deadLetter("crm", 9, T0, "e");
    deadLetter("ads", 10, T0, "e");
    deadLetter("ads", 11, T0, "e");
    enqueue(entry("web", profileInLane(4), 12));
    // when
    Map<String, Backlog> backlog = outbox.backlog();
    // then: the oldest is the earliest ingested, not the first enqueued
    assertThat(backlog)
        .containsOnly(
            Map.entry("crm", new Backlog(3, T0.plusSeconds(3), 1)),
            Map.entry("ads", new Backlog(0, null, 2)),
            Map.entry("web", new Backlog(1, T0.plusSeconds(12), 0)));
  }

  @Test
  void shouldHaveNoBacklogWhenEverythingWasDelivered() {
    // given
    enqueue(entry("crm", profileInLane(1), 1));
    // when
    outbox.settle(List.of(new Settlement.Delivered(pending("crm").getFirst().id())));
    // then
    assertThat(outbox.backlog()).isEmpty();
  }

  private static DestinationDefinition definition(String name, String url) {
    return new DestinationDefinition(
        name,
        new EventSelector(Set.of(EventType.TRACK), Set.of("Order Completed")),
        "event.properties.total > 100",
        "{'email': profile.traits.email}",
        new TransportSpec("http", Map.of("url", url, "timeout-ms", 5000, "headers", Map.of("X-Team", "growth"))),
        new DeliveryMode.Batch(Duration.ofHours(24), 500),
        new RetryPolicy(5, Duration.ofHours(12), Duration.ofMillis(250), Duration.ofSeconds(90)),
        0.5,
        4,
        "marketing");
  }

  private static DestinationDefinition plain(String name) {
    return new DestinationDefinition(
        name, EventSelector.ALL, null, null, new TransportSpec("http", Map.of("url", "https://" + name + ".example/hook")),
        new DeliveryMode.Realtime(), RetryPolicy.DEFAULT, 0, 16, null);
  }

  @Test
  void shouldKeepDestinationsAsTheyWereSavedInNameOrder() {
    // given
    var crm = new StoredDestination(definition("crm", "https://crm.example/hook"), StoredDestination.Origin.API, false, T0);
    var ads = new StoredDestination(plain("ads"), StoredDestination.Origin.CONFIG, true, T0.plusSeconds(1));
    // when
    outbox.save(crm);
    outbox.save(ads);
    // then
    assertThat(outbox.destinations()).containsExactly(ads, crm);
  }

  @Test
  void shouldReplaceADestinationSavedAgain() {
    // given
    outbox.save(new StoredDestination(plain("crm"), StoredDestination.Origin.CONFIG, false, T0));
    var changed = new StoredDestination(definition("crm", "https://crm.example/v2"), StoredDestination.Origin.API, true, T0.plusSeconds(60));
    // when
    outbox.save(changed);
    // then
    assertThat(outbox.destinations()).containsExactly(changed);
  }

  @Test
  void shouldDeleteADestinationWithItsPendingMessagesAndDeadLetters() {
    // given
    outbox.save(new StoredDestination(plain("crm"), StoredDestination.Origin.API, false, T0));
    outbox.save(new StoredDestination(plain("ads"), StoredDestination.Origin.API, false, T0));
    enqueue(entry("crm", profileInLane(1), 1), entry("ads", profileInLane(1), 2));
    deadLetter("crm", 3, T0, "e");
    enqueue(unmapped("crm", profileInLane(2), 4, "mapping failed"));
    deadLetter("ads", 5, T0, "e");
    // when
    boolean deleted = outbox.delete("crm");
    // then
    assertThat(deleted).isTrue();
    assertThat(outbox.destinations()).extracting(StoredDestination::name).containsExactly("ads");
    assertThat(pending("crm")).isEmpty();
    assertThat(deadLetters("crm")).isEmpty();
    assertThat(pending("ads")).hasSize(1);
    assertThat(deadLetters("ads")).hasSize(1);
    assertThat(outbox.backlog()).containsOnlyKeys("ads");
    assertThat(outbox.delete("crm")).isFalse();
  }

  // ---- lanes -----------------------------------------------------------------------------

  /** A hub instance's lease loop, as the delivery engine runs it. */
  private final class Instance {
    private final String owner;
    private Set<Integer> held = Set.of();
    private Set<Integer> draining = Set.of();

    Instance(String owner) {
      this.owner = owner;
    }

    /** One lease: fair share by the number of instances; lets go of what it drained last time. */
    Set<Integer> lease(Instant now) {
      int owners = outbox.laneOwners(owner, now);
      int target = (Lanes.COUNT + owners - 1) / owners;
      held = outbox.leaseLanes(owner, now, TTL, target, draining);
      draining = held.stream().sorted(Comparator.reverseOrder()).limit(Math.max(0, held.size() - target)).collect(Collectors.toSet());
      return held;
    }
  }

  @Test
  void shouldGiveEveryLaneToTheOnlyOwner() {
    // given
    var a = new Instance("a");
    // when
    Set<Integer> first = a.lease(T0);
    Set<Integer> renewed = a.lease(T0.plusSeconds(10));
    // then
    assertThat(outbox.laneOwners("a", T0)).isEqualTo(1);
    assertThat(first).isEqualTo(Lanes.ALL);
    assertThat(renewed).isEqualTo(Lanes.ALL);
  }

  @Test
  void shouldShareTheLanesFairlyBetweenTwoOwnersWithinAFewRounds() {
    // given
    var a = new Instance("a");
    var b = new Instance("b");
    a.lease(T0);
    // when
    for (int round = 1; round <= 4; round++) {
      Instant now = T0.plusSeconds(round);
      Set<Integer> ofA = a.lease(now);
      Set<Integer> ofB = b.lease(now);
      // then: never a lane held twice
      assertThat(bothHold(ofA, ofB)).as("round %d", round).isEmpty();
    }
    // then
    assertThat(outbox.laneOwners("a", T0.plusSeconds(4))).isEqualTo(2);
    assertThat(a.held).hasSize(32);
    assertThat(b.held).hasSize(32);
    Set<Integer> union = new HashSet<>(a.held);
    union.addAll(b.held);
    assertThat(union).isEqualTo(Lanes.ALL);
  }

  @Test
  void shouldKeepLanesBeyondTheTargetThatAreNotReleasable() {
    // given: b has joined
    outbox.leaseLanes("a", T0, TTL, 64, Set.of());
    outbox.leaseLanes("b", T0, TTL, 32, Set.of());
    // when
    Set<Integer> kept = outbox.leaseLanes("a", T0.plusSeconds(1), TTL, 32, Set.of());
    Set<Integer> released = outbox.leaseLanes("a", T0.plusSeconds(2), TTL, 32, Set.of(60, 61, 3));
    // then
    assertThat(kept).isEqualTo(Lanes.ALL);
    Set<Integer> expected = new HashSet<>(Lanes.ALL);
    expected.removeAll(Set.of(60, 61, 3));
    assertThat(released).isEqualTo(expected);
    assertThat(outbox.leaseLanes("b", T0.plusSeconds(2), TTL, 32, Set.of())).containsExactlyInAnyOrder(3, 60, 61);
  }

  @Test
  void shouldTakeOverTheLanesOfAnExpiredLease() {
    // given
    outbox.leaseLanes("a", T0, TTL, 64, Set.of());
    // when
    Set<Integer> beforeExpiry = outbox.leaseLanes("b", T0.plus(TTL).minusMillis(1), TTL, 64, Set.of());
    int owners = outbox.laneOwners("b", T0.plus(TTL).plusMillis(1));
    Set<Integer> afterExpiry = outbox.leaseLanes("b", T0.plus(TTL).plusMillis(1), TTL, 64, Set.of());
    // then
    assertThat(beforeExpiry).isEmpty();
    assertThat(owners).isEqualTo(1);
    assertThat(afterExpiry).isEqualTo(Lanes.ALL);
    assertThat(outbox.leaseLanes("a", T0.plus(TTL).plusSeconds(1), TTL, 32, Set.of())).isEmpty();
  }

  @Test
  void shouldTakeFreeLanesBesidesItsOwnExpiredOnes() {
    // given: a and b share the lanes, then both leases expire and b is gone
    var a = new Instance("a");
    var b = new Instance("b");
    for (int round = 0; round < 3; round++) {
      a.lease(T0.plusSeconds(round));
      b.lease(T0.plusSeconds(round));
    }
    Instant later = T0.plus(TTL).plusSeconds(10);
    // when
    Set<Integer> lanes = a.lease(later);
    // then
    assertThat(lanes).isEqualTo(Lanes.ALL);
  }

  @Test
  void shouldFreeTheLanesOfAnOwnerThatLetsGo() {
    // given
    outbox.leaseLanes("a", T0, TTL, 64, Set.of());
    // when
    outbox.releaseLanes("a");
    // then
    assertThat(outbox.laneOwners("b", T0)).isEqualTo(1);
    assertThat(outbox.leaseLanes("b", T0, TTL, 64, Set.of())).isEqualTo(Lanes.ALL);
  }
}
