package io.tributary.core.identity;

import static io.tributary.core.identity.TestIdentifiers.anonymous;
import static io.tributary.core.identity.TestIdentifiers.email;
import static io.tributary.core.identity.TestIdentifiers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.event.Event;
import io.tributary.core.testing.Events;
import io.tributary.core.testing.ProcessorDriver;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Limits: identifiers refused, and merges not made, when a type would hold too many values. */
class IdentifierLimitTest {

  private final ProcessorDriver driver = new ProcessorDriver(IdentityRules.defaults());

  @Test
  void shouldNotMergeProfilesOfDifferentUserIdsNorLinkTheLowerPriorityIdentifier() {
    // given
    var ada = driver.process(identify("u-ada", "a-ada", Duration.ZERO)).profileId();
    var grace =
        driver.process(identify("u-grace", "a-shared-tablet", Duration.ofHours(1))).profileId();

    // when
    var outcome =
        driver.process(
            Events.track("Order Completed")
                .userId("u-ada")
                .anonymousId("a-shared-tablet")
                .after(Duration.ofHours(2))
                .build());

    // then
    assertThat(outcome.profileId()).isEqualTo(ada);
    assertThat(outcome.merges()).isEmpty();
    assertThat(outcome.linked()).isEmpty();
    assertThat(outcome.refused()).containsExactly(anonymous("a-shared-tablet"));
    assertThat(driver.reader().profileOf(anonymous("a-shared-tablet"))).contains(grace);
    assertThat(driver.reader().profile(grace)).isPresent();
  }

  @Test
  void shouldNotMergeThroughASharedEmailWhenUserIdsDiffer() {
    // given
    var ada =
        driver
            .process(Events.identify().userId("u-ada").trait("email", "family@example.com").build())
            .profileId();
    var grace =
        driver
            .process(Events.identify().userId("u-grace").after(Duration.ofHours(1)).build())
            .profileId();

    // when
    var outcome =
        driver.process(
            Events.identify()
                .userId("u-grace")
                .trait("email", "family@example.com")
                .after(Duration.ofHours(2))
                .build());

    // then
    assertThat(outcome.profileId()).isEqualTo(grace);
    assertThat(outcome.refused()).containsExactly(email("family@example.com"));
    assertThat(driver.reader().profileOf(email("family@example.com"))).contains(ada);
  }

  @Test
  void shouldAnchorOnAKnownEmailEvenWhenTheEventsNewUserIdIsRefused() {
    // given
    var ada =
        driver
            .process(Events.identify().userId("u-ada").trait("email", "family@example.com").build())
            .profileId();

    // when
    var outcome =
        driver.process(
            Events.identify()
                .userId("u-grace")
                .trait("email", "family@example.com")
                .after(Duration.ofHours(1))
                .build());

    // then
    assertThat(outcome.profileId()).isEqualTo(ada);
    assertThat(outcome.createdProfile()).isFalse();
    assertThat(outcome.refused()).containsExactly(user("u-grace"));
    assertThat(driver.reader().profileOf(user("u-grace"))).isEmpty();
  }

  @Test
  void shouldRefuseASecondUserIdOfTheSameEvent() {
    // given
    var alias = Events.alias("u-old").userId("u-new").build();
    var known = driver.process(Events.identify().userId("u-old").build()).profileId();

    // when
    var outcome = driver.process(alias);

    // then
    assertThat(outcome.profileId()).isEqualTo(known);
    assertThat(outcome.refused()).containsExactly(user("u-new"));
    assertThat(driver.reader().profileOf(user("u-new"))).isEmpty();
  }

  @Test
  void shouldRefuseEmailsBeyondTheLimit() {
    // given
    for (int i = 1; i <= 5; i++) {
      driver.process(
          Events.identify().userId("u-1").trait("email", "ada" + i + "@example.com").build());
    }

    // when
    var outcome =
        driver.process(Events.identify().userId("u-1").trait("email", "ada6@example.com").build());

    // then
    assertThat(outcome.refused()).containsExactly(email("ada6@example.com"));
    assertThat(driver.reader().profileOf(email("ada6@example.com"))).isEmpty();
    assertThat(
            linkedIdentifiers(outcome.profileId()).stream().filter(id -> id.type().equals("email")))
        .hasSize(5);
  }

  @Test
  void shouldNotMergeWhenTheUnionOfEmailsWouldExceedTheLimit() {
    // given
    var first = driver.process(withEmails("a-1", "one", "two", "three")).profileId();
    var second = driver.process(withEmails("a-2", "four", "five", "six")).profileId();

    // when
    var outcome = driver.process(Events.alias("a-2").anonymousId("a-1").build());

    // then
    assertThat(outcome.merges()).isEmpty();
    assertThat(outcome.refused()).containsExactly(anonymous("a-2"));
    assertThat(driver.reader().profileOf(anonymous("a-2"))).contains(second);
    assertThat(outcome.profileId()).isEqualTo(first);
  }

  private List<Identifier> linkedIdentifiers(String profileId) {
    return TestIdentifiers.linked(driver, profileId);
  }

  private static Event identify(String userId, String anonymousId, Duration after) {
    return Events.identify().userId(userId).anonymousId(anonymousId).after(after).build();
  }

  private static Event withEmails(String anonymousId, String... locals) {
    var builder =
        Events.identify().anonymousId(anonymousId).trait("email", locals[0] + "@example.com");
    for (int i = 1; i < locals.length; i++) {
      builder.externalId("email", locals[i] + "@example.com");
    }
    return builder.build();
  }
}
