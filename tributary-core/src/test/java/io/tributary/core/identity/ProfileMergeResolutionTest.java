package io.tributary.core.identity;

import static io.tributary.core.identity.TestIdentifiers.anonymous;
import static io.tributary.core.identity.TestIdentifiers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.event.Event;
import io.tributary.core.testing.Events;
import io.tributary.core.testing.ProcessorDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Merges: when two profiles become one, which survives, and how merged ids resolve. */
class ProfileMergeResolutionTest {

  private final ProcessorDriver driver = new ProcessorDriver(IdentityRules.defaults());

  @Test
  void shouldMergeAnonymousBrowsingProfileIntoKnownCustomerOnLogin() {
    // given
    var customer = driver.process(identify("u-1", "a-laptop", Duration.ZERO)).profileId();
    var browsing =
        driver
            .process(
                Events.track("Product Viewed")
                    .anonymousId("a-phone")
                    .after(Duration.ofDays(1))
                    .build())
            .profileId();

    // when
    var login = driver.process(identify("u-1", "a-phone", Duration.ofDays(1).plusHours(1)));

    // then
    assertThat(login.profileId()).isEqualTo(customer);
    assertThat(login.merges())
        .singleElement()
        .satisfies(
            merge -> {
              assertThat(merge.mergedId()).isEqualTo(browsing);
              assertThat(merge.survivorId()).isEqualTo(customer);
            });
    assertThat(driver.reader().profileOf(anonymous("a-phone"))).contains(customer);
    assertThat(driver.reader().resolveProfileId(browsing)).contains(customer);
    assertThat(driver.reader().profile(customer).orElseThrow().profile().eventCounts())
        .containsEntry("Product Viewed", 1L)
        .containsEntry("identify", 2L);
    assertThat(driver.reader().timeline(customer, null, 10)).hasSize(3);
  }

  @Test
  void shouldKeepTheOlderProfileAsSurvivorEvenWhenTheAnchorIsYounger() {
    // given
    var older = driver.process(Events.page("Home").anonymousId("a-1").build()).profileId();
    var younger = driver.process(identify("u-1", "a-2", Duration.ofHours(1))).profileId();

    // when
    var outcome = driver.process(identify("u-1", "a-1", Duration.ofHours(2)));

    // then
    assertThat(outcome.profileId()).isEqualTo(older);
    assertThat(outcome.merges())
        .containsExactly(new ProfileMerge(younger, older, outcome.merges().get(0).cause()));
    assertThat(driver.reader().profileOf(user("u-1"))).contains(older);
    assertThat(driver.reader().profile(older).orElseThrow().profile().mergedFrom())
        .containsExactly(younger);
  }

  @Test
  void shouldBreakACreationTimeTieBySmallerProfileId() {
    // given
    var first =
        driver.process(Events.page("Home").anonymousId("a-1").messageId("m-1").build()).profileId();
    var second =
        driver.process(Events.page("Home").anonymousId("a-2").messageId("m-2").build()).profileId();
    var smaller = first.compareTo(second) < 0 ? first : second;

    // when
    var outcome = driver.process(Events.alias("a-1").anonymousId("a-2").build());

    // then
    assertThat(outcome.profileId()).isEqualTo(smaller);
  }

  @Test
  void shouldResolveMergedAwayIdsThroughTransitiveMerges() {
    // given
    var c = driver.process(Events.page("Home").anonymousId("c").build()).profileId();
    var b =
        driver
            .process(Events.page("Home").anonymousId("b").after(Duration.ofHours(1)).build())
            .profileId();
    var a =
        driver
            .process(Events.page("Home").anonymousId("a").after(Duration.ofHours(2)).build())
            .profileId();

    // when
    var aIntoB =
        driver.process(Events.alias("a").anonymousId("b").after(Duration.ofHours(3)).build());
    var bIntoC =
        driver.process(Events.alias("b").anonymousId("c").after(Duration.ofHours(4)).build());

    // then
    assertThat(aIntoB.merges())
        .extracting(m -> m.mergedId() + ">" + m.survivorId())
        .containsExactly(a + ">" + b);
    assertThat(bIntoC.merges())
        .extracting(m -> m.mergedId() + ">" + m.survivorId())
        .containsExactly(b + ">" + c);
    assertThat(driver.reader().resolveProfileId(a)).contains(c);
    assertThat(driver.reader().resolveProfileId(b)).contains(c);
    assertThat(driver.reader().merges(c))
        .containsExactly(aIntoB.merges().get(0), bIntoC.merges().get(0));
    assertThat(driver.reader().profile(c).orElseThrow().profile().mergedFrom())
        .containsExactlyInAnyOrder(a, b);
  }

  private static Event identify(String userId, String anonymousId, Duration after) {
    return Events.identify().userId(userId).anonymousId(anonymousId).after(after).build();
  }
}
