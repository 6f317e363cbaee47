package io.tributary.core.identity;

import static io.tributary.core.identity.TestIdentifiers.anonymous;
import static io.tributary.core.identity.TestIdentifiers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.event.Event;
import io.tributary.core.testing.Events;
import io.tributary.core.testing.ProcessorDriver;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Alias messages: previousId joins the profile of the user or anonymous id it is aliased to. */
class AliasResolutionTest {

  private final ProcessorDriver driver = new ProcessorDriver(IdentityRules.defaults());

  @Test
  void shouldLinkAliasPreviousIdToTheUserId() {
    // given
    var visitor = driver.process(Events.page("Home").anonymousId("a-1").build()).profileId();

    // when
    var alias = driver.process(Events.alias("a-1").userId("u-1").build());

    // then
    assertThat(alias.profileId()).isEqualTo(visitor);
    assertThat(alias.linked()).containsExactly(user("u-1"));
  }

  @Test
  void shouldMergeASecondAnonymousIdAliasedToTheSameUser() {
    // given
    var first = driver.process(Events.page("Home").anonymousId("a-1").build()).profileId();
    driver.process(Events.alias("a-1").userId("u-1").build());
    var second =
        driver
            .process(Events.page("Home").anonymousId("a-2").after(Duration.ofHours(1)).build())
            .profileId();

    // when
    var alias =
        driver.process(Events.alias("a-2").userId("u-1").after(Duration.ofHours(1)).build());

    // then
    assertThat(alias.profileId()).isEqualTo(first);
    assertThat(alias.merges()).extracting(ProfileMerge::mergedId).containsExactly(second);
    assertThat(linkedIdentifiers(first))
        .containsExactly(anonymous("a-1"), user("u-1"), anonymous("a-2"));
  }

  @Test
  void shouldFollowAChainOfAnonymousIdsAcrossEvents() {
    // given
    var profile = driver.process(Events.page("Home").anonymousId("a-1").build()).profileId();
    driver.process(Events.alias("a-1").anonymousId("a-2").build());
    driver.process(Events.alias("a-2").anonymousId("a-3").build());

    // when
    var login = driver.process(identify("u-1", "a-3", Duration.ofHours(1)));

    // then
    assertThat(login.profileId()).isEqualTo(profile);
    assertThat(driver.store().liveProfileIds()).containsExactly(profile);
    assertThat(linkedIdentifiers(profile))
        .containsExactly(anonymous("a-1"), anonymous("a-2"), anonymous("a-3"), user("u-1"));
  }

  private List<Identifier> linkedIdentifiers(String profileId) {
    return TestIdentifiers.linked(driver, profileId);
  }

  private static Event identify(String userId, String anonymousId, Duration after) {
    return Events.identify().userId(userId).anonymousId(anonymousId).after(after).build();
  }
}
