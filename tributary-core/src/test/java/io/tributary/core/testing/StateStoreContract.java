package io.tributary.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.event.EventType;
import io.tributary.core.identity.EventRef;
import io.tributary.core.identity.Identifier;
import io.tributary.core.identity.IdentityLink;
import io.tributary.core.identity.ProfileMerge;
import io.tributary.core.profile.Profile;
import io.tributary.core.profile.TimelineEntry;
import io.tributary.core.profile.TraitValue;
import io.tributary.core.state.StateStore;
import io.tributary.core.state.TimelineCursor;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} must do, run against each implementation (in memory, SQLite,
 * PostgreSQL) by a subclass that says how to open one.
 */
public abstract class StateStoreContract {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456789Z");

  protected StateStore store;

  /** A new, empty store. */
  protected abstract StateStore openStore() throws Exception;

  /** The same store reopened, where the implementation is persistent; else the same instance. */
  protected abstract StateStore reopen(StateStore store) throws Exception;

  /**
   * Whether timeline rows keep the event's payload; a store whose log serves payloads by position
   * leaves it out (the row's payload is empty).
   */
  protected boolean timelineKeepsPayloads() {
    return true;
  }

  @BeforeEach
  void open() throws Exception {
    store = openStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static EventRef ref(long position) {
    return new EventRef("web", "m-" + position, 0, position, T0.plusSeconds(position));
  }

  private static TimelineEntry entry(String profile, long position, Instant at) {
    return new TimelineEntry(
        profile, 0, position, EventType.TRACK, "Order Completed", at, "m-" + position, "web",
        ("{\"n\":" + position + "}").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldKeepTheTimelinesPayloadOrLeaveItToTheLog() throws Exception {
    // when
    store.inTransaction(tx -> {
      tx.saveProfile(new Profile("p1", T0));
      tx.appendTimeline(entry("p1", 7, T0));
      return null;
    });
    store = reopen(store);
    // then: the position always, the payload as the store says
    TimelineEntry read = store.reader().timeline("p1", null, 10).getFirst();
    assertThat(read.position()).isEqualTo(7);
    assertThat(read.messageId()).isEqualTo("m-7");
    assertThat(new String(read.payload(), StandardCharsets.UTF_8)).isEqualTo(timelineKeepsPayloads() ? "{\"n\":7}" : "");
  }

  @Test
  void shouldStartAtPositionZeroAndKeepCommittedPositions() throws Exception {
    // given
    assertThat(store.reader().nextPosition(0)).isZero();
    // when
    store.inTransaction(tx -> {
      tx.setNextPosition(0, 42);
      return null;
    });
    store = reopen(store);
    // then
    assertThat(store.reader().nextPosition(0)).isEqualTo(42);
    long next = store.inTransaction(tx -> tx.nextPosition(0));
    assertThat(next).isEqualTo(42);
  }

  @Test
  void shouldReadEveryPartitionsPositionAtOnce() {
    // given
    assertThat(store.reader().nextPositions()).isEmpty();
    // when
    store.inTransaction(tx -> {
      tx.setNextPosition(0, 7);
      tx.setNextPosition(3, 12);
      return null;
    });
    // then
    assertThat(store.reader().nextPositions()).containsOnly(Map.entry(0, 7L), Map.entry(3, 12L));
  }

  @Test
  void shouldKeepNothingOfATransactionThatThrew() {
    // given
    var id = new Identifier("email", "ada@example.com");
    // when
    assertThatThrownBy(
            () ->
                store.inTransaction(tx -> {
                  tx.saveProfile(new Profile("p1", T0));
                  tx.link(new IdentityLink(id, "p1", ref(1)));
                  tx.setNextPosition(0, 2);
                  throw new IllegalStateException("boom");
                }))
        .hasMessage("boom");
    // then
    assertThat(store.reader().profileOf(id)).isEmpty();
    assertThat(store.reader().profile("p1")).isEmpty();
    assertThat(store.reader().nextPosition(0)).isZero();
  }

  @Test
  void shouldTellDuplicatesBySourceAndMessageId() {
    boolean[] firsts =
        store.inTransaction(tx -> new boolean[] {
          tx.markProcessed("web", "m-1", T0),
          tx.markProcessed("web", "m-1", T0),
          tx.markProcessed("app", "m-1", T0)
        });
    assertThat(firsts).containsExactly(true, false, true);
    boolean again = store.inTransaction(tx -> tx.markProcessed("web", "m-1", T0));
    assertThat(again).isFalse();
  }

  @Test
  void shouldForgetMessageIdsReceivedBeforeTheCutoffOnly() {
    // given: five messages received a minute apart, processed in that order
    store.inTransaction(tx -> {
      for (int i = 0; i < 5; i++) {
        tx.markProcessed("web", "m-" + i, T0.plusSeconds(60L * i));
      }
      return null;
    });
    // when: the cutoff falls between the third and the fourth
    int forgotten = store.forgetProcessedBefore(T0.plusSeconds(150), 100);
    // then: the first three are forgotten, sent again they are new; the last two are still known
    assertThat(forgotten).isEqualTo(3);
    boolean[] firsts =
        store.inTransaction(tx -> new boolean[] {
          tx.markProcessed("web", "m-0", T0.plusSeconds(600)),
          tx.markProcessed("web", "m-2", T0.plusSeconds(600)),
          tx.markProcessed("web", "m-3", T0.plusSeconds(600)),
          tx.markProcessed("web", "m-4", T0.plusSeconds(600))
        });
    assertThat(firsts).containsExactly(true, true, false, false);
    assertThat(store.forgetProcessedBefore(T0.plusSeconds(150), 100)).as("nothing older is left").isZero();
  }

  @Test
  void shouldForgetAtMostMaxMessageIdsAtATimeTheOldestFirst() {
    // given
    store.inTransaction(tx -> {
      for (int i = 0; i < 5; i++) {
        tx.markProcessed("app", "m-" + i, T0.plusSeconds(i));
      }
      return null;
    });
    Instant cutoff = T0.plusSeconds(10);
    // when / then: two, two, then the last one
    assertThat(store.forgetProcessedBefore(cutoff, 2)).isEqualTo(2);
    assertThat((boolean) store.inTransaction(tx -> tx.markProcessed("app", "m-2", T0))).as("the third is still known").isFalse();
    assertThat(store.forgetProcessedBefore(cutoff, 2)).isEqualTo(2);
    assertThat((boolean) store.inTransaction(tx -> tx.markProcessed("app", "m-1", T0.plusSeconds(20)))).as("the second is forgotten").isTrue();
    assertThat(store.forgetProcessedBefore(cutoff, 2)).isEqualTo(1);
    assertThat(store.forgetProcessedBefore(cutoff, 2)).isZero();
    assertThatThrownBy(() -> store.forgetProcessedBefore(cutoff, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldForgetTimelineRowsBeforeALogPositionOldestFirstAcrossMerges() {
    // given: three profiles with events at positions 1..6 in log order, then a merged into b
    store.inTransaction(tx -> {
      for (String p : List.of("a", "b", "c")) {
        tx.saveProfile(new Profile(p, T0));
      }
      for (int i = 1; i <= 6; i++) {
        tx.appendTimeline(entry(List.of("a", "b", "c").get(i % 3), i, T0.plusSeconds(10 - i)));
      }
      return null;
    });
    store.inTransaction(tx -> {
      tx.mergeProfile(new ProfileMerge("a", "b", ref(7)));
      return null;
    });
    // when: the log discarded positions 1..4, forgotten two rows at a time
    assertThat(store.forgetTimelineBefore(0, 5, 2)).isEqualTo(2);
    assertThat(store.forgetTimelineBefore(0, 5, 2)).isEqualTo(2);
    assertThat(store.forgetTimelineBefore(0, 5, 2)).as("nothing before position 5 is left").isZero();
    // then: only positions 5 and 6 remain, each on its (surviving) profile
    var reader = store.reader();
    assertThat(reader.timeline("b", null, 10)).extracting(TimelineEntry::position).containsExactly(6L);
    assertThat(reader.timeline("c", null, 10)).extracting(TimelineEntry::position).containsExactly(5L);
    assertThat(reader.profile("c")).isPresent();
    assertThatThrownBy(() -> store.forgetTimelineBefore(0, 5, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldKeepWhatAMessageBuiltWhenItsIdIsForgotten() {
    // given
    var id = new Identifier("user_id", "u-dedup");
    store.inTransaction(tx -> {
      tx.markProcessed("web", "m-1", T0);
      tx.saveProfile(new Profile("p1", T0));
      tx.link(new IdentityLink(id, "p1", ref(1)));
      return null;
    });
    // when
    assertThat(store.forgetProcessedBefore(T0.plusSeconds(1), 10)).isEqualTo(1);
    // then
    assertThat(store.reader().profileOf(id)).contains("p1");
    assertThat(store.reader().profile("p1")).isPresent();
  }

  @Test
  void shouldRefuseToLinkAnIdentifierTwice() {
    var id = new Identifier("user_id", "u-1");
    store.inTransaction(tx -> {
      tx.saveProfile(new Profile("p1", T0));
      tx.saveProfile(new Profile("p2", T0));
      tx.link(new IdentityLink(id, "p1", ref(1)));
      return null;
    });
    assertThatThrownBy(() -> store.inTransaction(tx -> {
          tx.link(new IdentityLink(id, "p2", ref(2)));
          return null;
        }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.reader().profileOf(id)).contains("p1");
  }

  @Test
  void shouldRoundTripAProfileExactly() throws Exception {
    // given
    Profile p = new Profile("p1", T0);
    p.setTrait("first_name", new TraitValue(TextNode.valueOf("Ada \"the first\" \u00e9\n"), T0.plusNanos(7)));
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    p.setTrait("address", new TraitValue(json.readTree("{\"city\":\"Lyon\",\"lines\":[\"1 rue\",null]}"), T0));
    p.setTrait("score", new TraitValue(json.readTree("12.5"), T0.plusSeconds(1)));
    p.setTrait("visits", new TraitValue(json.readTree("12345678901234"), T0));
    p.setTrait("vip", new TraitValue(json.readTree("true"), T0));
    p.setTrait("nickname", new TraitValue(json.readTree("null"), T0));
    p.seen(T0.plusSeconds(60));
    p.count("Order Completed", 2);
    p.count("Page \"Home\"", 1);
    p.addMergedFrom("p0");
    p.addMergedFrom("p-1");
    // when
    store.inTransaction(tx -> {
      tx.saveProfile(p);
      tx.link(new IdentityLink(new Identifier("user_id", "u-1"), "p1", ref(1)));
      return null;
    });
    store = reopen(store);
    // then
    var view = store.reader().profile("p1").orElseThrow();
    assertThat(view.profile().traits()).isEqualTo(p.traits());
    assertThat(view.profile().firstSeen()).isEqualTo(T0);
    assertThat(view.profile().lastSeen()).isEqualTo(T0.plusSeconds(60));
    assertThat(view.profile().eventCounts()).isEqualTo(p.eventCounts());
    assertThat(view.profile().mergedFrom()).containsExactlyElementsOf(p.mergedFrom());
    assertThat(view.links()).extracting(IdentityLink::cause).containsExactly(ref(1));
  }

  @Test
  void shouldKeepEveryTraitWhenLaterTransactionsChangeOnlyCountersOrSomeTraits() throws Exception {
    // given: a profile with one trait
    store.inTransaction(tx -> {
      Profile p = new Profile("p1", T0);
      p.setTrait("plan", new TraitValue(TextNode.valueOf("silver"), T0));
      tx.saveProfile(p);
      return null;
    });
    // when: counters only, then one more trait, then counters only; then, reopened (nothing
    // cached), counters only again, and a merge that brings a trait of the merged profile
    for (int i = 1; i <= 3; i++) {
      int step = i;
      store.inTransaction(tx -> {
        Profile p = tx.profile("p1").orElseThrow();
        p.count("Product Viewed", 1);
        p.seen(T0.plusSeconds(step));
        if (step == 2) {
          p.setTrait("city", new TraitValue(TextNode.valueOf("Riverton"), T0.plusSeconds(step)));
        }
        tx.saveProfile(p);
        return null;
      });
    }
    store = reopen(store);
    store.inTransaction(tx -> {
      Profile p = tx.profile("p1").orElseThrow();
      p.count("Product Viewed", 1);
      p.seen(T0.plusSeconds(4));
      tx.saveProfile(p);
      Profile other = new Profile("p2", T0.plusSeconds(4));
      other.setTrait("email_opt_in", new TraitValue(TextNode.valueOf("yes"), T0.plusSeconds(4)));
      tx.saveProfile(other);
      return null;
    });
    store.inTransaction(tx -> {
      Profile survivor = tx.profile("p1").orElseThrow();
      io.tributary.core.profile.ProfileMerger.absorb(survivor, tx.profile("p2").orElseThrow());
      tx.mergeProfile(new ProfileMerge("p2", "p1", ref(5)));
      tx.saveProfile(survivor);
      return null;
    });
    store = reopen(store);
    // then
    Profile stored = store.reader().profile("p1").orElseThrow().profile();
    assertThat(stored.traits())
        .containsOnly(
            Map.entry("plan", new TraitValue(TextNode.valueOf("silver"), T0)),
            Map.entry("city", new TraitValue(TextNode.valueOf("Riverton"), T0.plusSeconds(2))),
            Map.entry("email_opt_in", new TraitValue(TextNode.valueOf("yes"), T0.plusSeconds(4))));
    assertThat(stored.eventCounts()).containsEntry("Product Viewed", 4L);
    assertThat(stored.lastSeen()).isEqualTo(T0.plusSeconds(4));
    assertThat(stored.mergedFrom()).containsExactly("p2");
  }

  @Test
  void shouldMoveLinksAndTimelineOnMergeAndResolveMergedIdsTransitively() {
    // given: a, b, c with one identifier and one event each
    store.inTransaction(tx -> {
      int i = 0;
      for (String p : List.of("a", "b", "c")) {
        i++;
        tx.saveProfile(new Profile(p, T0.plusSeconds(i)));
        tx.link(new IdentityLink(new Identifier("anonymous_id", "anon-" + p), p, ref(i)));
        tx.appendTimeline(entry(p, i, T0.plusSeconds(i)));
      }
      return null;
    });
    // when: a into b, then b into c, in separate transactions
    store.inTransaction(tx -> {
      tx.mergeProfile(new ProfileMerge("a", "b", ref(10)));
      return null;
    });
    store.inTransaction(tx -> {
      tx.mergeProfile(new ProfileMerge("b", "c", ref(11)));
      return null;
    });
    // then
    var reader = store.reader();
    assertThat(reader.resolveProfileId("a")).contains("c");
    assertThat(reader.resolveProfileId("b")).contains("c");
    assertThat(reader.resolveProfileId("c")).contains("c");
    assertThat(reader.resolveProfileId("zzz")).isEmpty();
    assertThat(reader.profile("a")).isEmpty();
    assertThat(reader.profileOf(new Identifier("anonymous_id", "anon-a"))).contains("c");
    assertThat(reader.profile("c").orElseThrow().links()).hasSize(3);
    assertThat(reader.timeline("c", null, 10)).extracting(TimelineEntry::position).containsExactly(3L, 2L, 1L);
    assertThat(reader.merges("c"))
        .extracting(ProfileMerge::mergedId, ProfileMerge::survivorId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "b"), org.assertj.core.groups.Tuple.tuple("b", "c"));
  }

  @Test
  void shouldSeeItsOwnWritesWithinATransaction() {
    var id = new Identifier("email", "ada@example.com");
    String owner =
        store.inTransaction(tx -> {
          tx.saveProfile(new Profile("p1", T0));
          tx.link(new IdentityLink(id, "p1", ref(1)));
          tx.saveProfile(new Profile("p2", T0.plusSeconds(1)));
          tx.appendTimeline(entry("p2", 2, T0));
          tx.mergeProfile(new ProfileMerge("p2", "p1", ref(2)));
          return tx.profileOf(id).orElseThrow() + "/" + tx.profile("p2").isPresent() + "/" + tx.links("p1").size();
        });
    assertThat(owner).isEqualTo("p1/false/1");
    assertThat(store.reader().timeline("p1", null, 10)).hasSize(1);
  }

  @Test
  void shouldPageTheTimelineNewestFirstWithoutGapsOrRepeats() {
    // given: 25 events, some sharing a timestamp, appended out of time order
    store.inTransaction(tx -> {
      tx.saveProfile(new Profile("p1", T0));
      for (int i = 1; i <= 25; i++) {
        tx.appendTimeline(entry("p1", i, T0.plusSeconds((i * 7L) % 10)));
      }
      return null;
    });
    // when
    List<Long> seen = new java.util.ArrayList<>();
    TimelineCursor cursor = null;
    while (true) {
      List<TimelineEntry> page = store.reader().timeline("p1", cursor, 10);
      page.forEach(e -> seen.add(e.position()));
      if (page.size() < 10) {
        break;
      }
      TimelineEntry last = page.getLast();
      cursor = new TimelineCursor(last.timestamp(), last.partition(), last.position());
    }
    // then
    assertThat(seen).hasSize(25).doesNotHaveDuplicates();
    List<TimelineEntry> all = store.reader().timeline("p1", null, 100);
    for (int i = 1; i < all.size(); i++) {
      TimelineEntry newer = all.get(i - 1);
      TimelineEntry older = all.get(i);
      assertThat(!newer.timestamp().isBefore(older.timestamp())).isTrue();
      if (newer.timestamp().equals(older.timestamp())) {
        assertThat(newer.position()).isGreaterThan(older.position());
      }
    }
    assertThat(seen).isEqualTo(all.stream().map(TimelineEntry::position).toList());
  }

  @Test
  void shouldNotChangeAProfileReadEarlierWhenLaterTransactionsUpdateIt() {
    // given: a committed profile, and the version a transaction read and saved (a writer that
    // caches may keep updating its own copy in place)
    store.inTransaction(tx -> {
      Profile p = new Profile("p1", T0);
      p.count("A", 1);
      p.setTrait("plan", new TraitValue(TextNode.valueOf("silver"), T0));
      tx.saveProfile(p);
      return null;
    });
    Profile held =
        store.inTransaction(tx -> {
          Profile p = tx.profile("p1").orElseThrow();
          p.count("A", 1);
          p.seen(T0.plusSeconds(1));
          tx.saveProfile(p);
          return p;
        });
    // when: later transactions change counts (same and new names), times, traits and merges
    for (int i = 2; i <= 4; i++) {
      int step = i;
      store.inTransaction(tx -> {
        Profile p = tx.profile("p1").orElseThrow();
        p.count(step == 3 ? "B" : "A", 10);
        p.seen(T0.plusSeconds(step));
        if (step == 4) {
          p.setTrait("plan", new TraitValue(TextNode.valueOf("gold"), T0.plusSeconds(step)));
          p.addMergedFrom("p9");
        }
        tx.saveProfile(p);
        return null;
      });
    }
    // then: what was handed out stays as it was; the store has every change
    assertThat(held.eventCounts()).isEqualTo(Map.of("A", 2L));
    assertThat(held.lastSeen()).isEqualTo(T0.plusSeconds(1));
    assertThat(held.traits()).containsOnly(Map.entry("plan", new TraitValue(TextNode.valueOf("silver"), T0)));
    assertThat(held.mergedFrom()).isEmpty();
    Profile now = store.inTransaction(tx -> tx.profile("p1").orElseThrow());
    assertThat(now.eventCounts()).isEqualTo(Map.of("A", 22L, "B", 10L));
    assertThat(now.lastSeen()).isEqualTo(T0.plusSeconds(4));
    assertThat(now.traits()).containsOnly(Map.entry("plan", new TraitValue(TextNode.valueOf("gold"), T0.plusSeconds(4))));
    assertThat(now.mergedFrom()).containsExactly("p9");
    assertThat(store.reader().profile("p1").orElseThrow().profile().eventCounts()).isEqualTo(Map.of("A", 22L, "B", 10L));
  }

  @Test
  void shouldNotLeakChangesOfARolledBackTransactionIntoLaterOnes() {
    // given: a committed profile with one link
    var first = new Identifier("user_id", "u-1");
    store.inTransaction(tx -> {
      Profile p = new Profile("p1", T0);
      p.count("A", 1);
      tx.saveProfile(p);
      tx.link(new IdentityLink(first, "p1", ref(1)));
      return null;
    });
    // when: a transaction changes it and then fails
    assertThatThrownBy(() -> store.inTransaction(tx -> {
          Profile p = tx.profile("p1").orElseThrow();
          p.count("A", 100);
          tx.saveProfile(p);
          tx.link(new IdentityLink(new Identifier("email", "ada@example.com"), "p1", ref(2)));
          throw new IllegalStateException("boom");
        }))
        .hasMessage("boom");
    // then: the next transaction sees only what was committed
    String seen =
        store.inTransaction(tx -> tx.profile("p1").orElseThrow().eventCounts().get("A") + "/" + tx.links("p1").size()
            + "/" + tx.profileOf(new Identifier("email", "ada@example.com")).isPresent());
    assertThat(seen).isEqualTo("1/1/false");
  }

  @Test
  void shouldSeeLinksMovedByAMergeInLaterTransactions() {
    // given: two profiles, each with a link, read once so any cache holds them
    store.inTransaction(tx -> {
      tx.saveProfile(new Profile("p1", T0));
      tx.saveProfile(new Profile("p2", T0.plusSeconds(1)));
      tx.link(new IdentityLink(new Identifier("user_id", "u-1"), "p1", ref(1)));
      tx.link(new IdentityLink(new Identifier("anonymous_id", "a-2"), "p2", ref(2)));
      return null;
    });
    store.inTransaction(tx -> tx.links("p1").size() + tx.links("p2").size());
    // when
    store.inTransaction(tx -> {
      tx.mergeProfile(new ProfileMerge("p2", "p1", ref(3)));
      return null;
    });
    // then
    List<IdentityLink> links = store.inTransaction(tx -> tx.links("p1"));
    assertThat(links).extracting(l -> l.identifier().value()).containsExactlyInAnyOrder("u-1", "a-2");
    assertThat(links).extracting(IdentityLink::profileId).containsOnly("p1");
    String owner = store.inTransaction(tx -> tx.profileOf(new Identifier("anonymous_id", "a-2")).orElseThrow());
    assertThat(owner).isEqualTo("p1");
    boolean mergedStillLive = store.inTransaction(tx -> tx.profile("p2").isPresent());
    assertThat(mergedStillLive).isFalse();
  }
}
