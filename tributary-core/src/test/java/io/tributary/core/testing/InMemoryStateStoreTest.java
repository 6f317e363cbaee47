package io.tributary.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.event.EventType;
import io.tributary.core.identity.EventRef;
import io.tributary.core.identity.Identifier;
import io.tributary.core.identity.IdentityLink;
import io.tributary.core.identity.ProfileMerge;
import io.tributary.core.profile.Profile;
import io.tributary.core.profile.TimelineEntry;
import io.tributary.core.state.StateTransaction;
import io.tributary.core.state.TimelineCursor;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InMemoryStateStoreTest {

  private static final Instant T0 = Events.T0;
  private static final Identifier EMAIL = new Identifier("email", "ada@example.com");

  private final InMemoryStateStore store = new InMemoryStateStore();

  @Test
  void shouldKeepNothingOfATransactionThatThrows() {
    // given
    var failure = new IllegalStateException("boom");

    // when
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.setNextPosition(0, 7);
                      tx.markProcessed("web", "m-1", T0);
                      tx.saveProfile(new Profile("p-1", T0));
                      tx.link(new IdentityLink(EMAIL, "p-1", cause("m-1")));
                      throw failure;
                    }))
        .isSameAs(failure);

    // then
    assertThat(store.reader().nextPosition(0)).isZero();
    assertThat(store.reader().profile("p-1")).isEmpty();
    assertThat(store.reader().profileOf(EMAIL)).isEmpty();
    assertThat(markProcessed("web", "m-1")).isTrue();
  }

  @Test
  void shouldReportAMessageOfTheSameSourceAsDuplicate() {
    // given
    store.inTransaction(tx -> tx.markProcessed("web", "m-1", T0));

    // when / then
    assertThat(markProcessed("web", "m-1")).isFalse();
    assertThat(markProcessed("crm", "m-1")).isTrue();
  }

  @Test
  void shouldRefuseToLinkAnIdentifierThatBelongsToAProfile() {
    // given
    store.inTransaction(tx -> saveLinked(tx, "p-1", EMAIL));

    // when / then
    assertThatIllegalStateException()
        .isThrownBy(() -> store.inTransaction(tx -> saveLinked(tx, "p-2", EMAIL)))
        .withMessageContaining("p-1")
        .withMessageNotContaining("ada@example.com");
  }

  @Test
  void shouldRefuseToLinkToAProfileThatIsNotLive() {
    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.link(new IdentityLink(EMAIL, "p-missing", cause("m-1")));
                      return null;
                    }));
  }

  @Test
  void shouldKeepOnlySavedProfileChanges() {
    // given
    store.inTransaction(tx -> saveLinked(tx, "p-1", EMAIL));

    // when
    store.inTransaction(
        tx -> {
          tx.profile("p-1").orElseThrow().count("page", 1);
          return null;
        });

    // then
    assertThat(store.reader().profile("p-1").orElseThrow().profile().eventCounts()).isEmpty();
  }

  @Test
  void shouldRefuseUseOfATransactionAfterItEnded() {
    // given
    var escaped = new AtomicReference<StateTransaction>();
    store.inTransaction(
        tx -> {
          escaped.set(tx);
          return null;
        });

    // when / then
    assertThatIllegalStateException().isThrownBy(() -> escaped.get().nextPosition(0));
  }

  @Test
  void shouldMoveLinksAndTimelineToTheSurvivorKeepingTheirCauses() {
    // given
    var phone = new Identifier("phone", "+12025550142");
    store.inTransaction(
        tx -> {
          saveLinked(tx, "p-b", phone);
          saveLinked(tx, "p-a", EMAIL);
          tx.appendTimeline(entry("p-a", 0, 1, T0));
          tx.mergeProfile(new ProfileMerge("p-a", "p-b", cause("m-merge")));
          return null;
        });

    // then
    var survivor = store.reader().profile("p-b").orElseThrow();
    assertThat(survivor.links()).extracting(IdentityLink::identifier).containsExactly(phone, EMAIL);
    assertThat(survivor.links()).allSatisfy(link -> assertThat(link.profileId()).isEqualTo("p-b"));
    assertThat(survivor.links().get(1).cause().messageId()).isEqualTo("link-" + EMAIL.type());
    assertThat(store.reader().timeline("p-b", null, 10))
        .extracting(TimelineEntry::position)
        .containsExactly(1L);
    assertThat(store.reader().profile("p-a")).isEmpty();
    assertThat(store.reader().timeline("p-a", null, 10)).isEmpty();
  }

  @Test
  void shouldResolveTransitivelyMergedIdsToTheLiveSurvivor() {
    // given
    var a = new ProfileMerge("p-a", "p-b", cause("m-1"));
    var b = new ProfileMerge("p-b", "p-c", cause("m-2"));
    store.inTransaction(
        tx -> {
          for (String id : new String[] {"p-a", "p-b", "p-c"}) {
            tx.saveProfile(new Profile(id, T0));
          }
          tx.mergeProfile(a);
          tx.mergeProfile(b);
          return null;
        });

    // then
    assertThat(store.reader().resolveProfileId("p-a")).contains("p-c");
    assertThat(store.reader().resolveProfileId("p-b")).contains("p-c");
    assertThat(store.reader().resolveProfileId("p-c")).contains("p-c");
    assertThat(store.reader().resolveProfileId("p-unknown")).isEmpty();
    assertThat(store.reader().merges("p-c")).containsExactly(a, b);
    assertThat(store.reader().merges("p-b")).isEmpty();
  }

  @Test
  void shouldRefuseToSaveAProfileThatWasMergedAway() {
    // given
    store.inTransaction(
        tx -> {
          tx.saveProfile(new Profile("p-a", T0));
          tx.saveProfile(new Profile("p-b", T0));
          tx.mergeProfile(new ProfileMerge("p-a", "p-b", cause("m-1")));
          return null;
        });

    // when / then
    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.saveProfile(new Profile("p-a", T0));
                      return null;
                    }));
  }

  @Test
  void shouldPageTimelineNewestFirstByTimestampPartitionAndPosition() {
    // given
    store.inTransaction(
        tx -> {
          tx.saveProfile(new Profile("p-1", T0));
          tx.appendTimeline(entry("p-1", 0, 1, T0.plus(Duration.ofHours(1))));
          tx.appendTimeline(entry("p-1", 0, 2, T0));
          tx.appendTimeline(entry("p-1", 1, 1, T0));
          tx.appendTimeline(entry("p-1", 0, 3, T0));
          tx.appendTimeline(entry("p-1", 0, 4, T0.minus(Duration.ofHours(1))));
          return null;
        });

    // when
    var first = store.reader().timeline("p-1", null, 2);
    var last = first.get(first.size() - 1);
    var second =
        store
            .reader()
            .timeline(
                "p-1", new TimelineCursor(last.timestamp(), last.partition(), last.position()), 2);
    var rest = store.reader().timeline("p-1", new TimelineCursor(T0, 0, 2), 10);

    // then
    assertThat(first)
        .extracting(e -> e.partition() + "/" + e.position())
        .containsExactly("0/1", "1/1");
    assertThat(second)
        .extracting(e -> e.partition() + "/" + e.position())
        .containsExactly("0/3", "0/2");
    assertThat(rest).extracting(e -> e.partition() + "/" + e.position()).containsExactly("0/4");
  }

  @Test
  void shouldRejectTimelineLimitOutsideOneToThousand() {
    assertThatIllegalArgumentException().isThrownBy(() -> store.reader().timeline("p-1", null, 0));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> store.reader().timeline("p-1", null, 1001));
  }

  @Test
  void shouldRefuseTransactionsAfterClose() {
    // given
    store.close();

    // when / then
    assertThatIllegalStateException().isThrownBy(() -> store.inTransaction(tx -> null));
  }

  private boolean markProcessed(String sourceId, String messageId) {
    return store.inTransaction(tx -> tx.markProcessed(sourceId, messageId, T0));
  }

  private static Object saveLinked(StateTransaction tx, String profileId, Identifier identifier) {
    tx.saveProfile(new Profile(profileId, T0));
    tx.link(new IdentityLink(identifier, profileId, cause("link-" + identifier.type())));
    return null;
  }

  private static EventRef cause(String messageId) {
    return new EventRef("web", messageId, 0, 0, T0);
  }

  private static TimelineEntry entry(String profileId, int partition, long position, Instant at) {
    return new TimelineEntry(
        profileId,
        partition,
        position,
        EventType.PAGE,
        "Home",
        at,
        "m-" + position,
        "web",
        new byte[0]);
  }
}
