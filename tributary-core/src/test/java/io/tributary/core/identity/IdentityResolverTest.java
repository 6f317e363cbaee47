package io.tributary.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.event.Event;
import io.tributary.core.testing.Events;
import io.tributary.core.testing.ProcessorDriver;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resolution rule, event by event, through the processor and the in-memory store. */
class IdentityResolverTest {

  private final ProcessorDriver driver = new ProcessorDriver(IdentityRules.defaults());

  @Test
  void shouldCreateProfileNamedAfterTheFirstEventOfAnUnknownVisitor() {
    // given
    var visit =
        Events.page("Home")
            .anonymousId("a-1")
            .messageId("m-1")
            .after(Duration.ofMinutes(3))
            .build();

    // when
    var outcome = driver.process(visit);

    // then
    assertThat(outcome.createdProfile()).isTrue();
    assertThat(outcome.profileId()).isEqualTo(IdentityResolver.profileIdFor("web", "m-1"));
    assertThat(outcome.linked()).containsExactly(anonymous("a-1"));
    var profile = driver.reader().profile(outcome.profileId()).orElseThrow().profile();
    assertThat(profile.createdAt()).isEqualTo(visit.timestamp());
  }

  @Test
  void shouldLinkUserIdAnonymousIdAndEmailOnIdentify() {
    // given
    var visitor = driver.process(Events.page("Home").anonymousId("a-1").build()).profileId();

    // when
    var outcome =
        driver.process(
            Events.identify()
                .userId("u-1")
                .anonymousId("a-1")
                .trait("email", "Ada@Example.com")
                .build());

    // then
    assertThat(outcome.createdProfile()).isFalse();
    assertThat(outcome.profileId()).isEqualTo(visitor);
    assertThat(outcome.linked()).containsExactly(user("u-1"), email("ada@example.com"));
    assertThat(linkedIdentifiers(visitor))
        .containsExactly(anonymous("a-1"), user("u-1"), email("ada@example.com"));
  }

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

  @Test
  void shouldIgnoreBlockedValuesSoTheyJoinNobody() {
    // given
    var first =
        driver.process(
            Events.identify()
                .userId("unknown")
                .anonymousId("a-1")
                .trait("email", "test@test.com")
                .build());

    // when
    var second =
        driver.process(
            Events.identify()
                .userId("UNKNOWN")
                .anonymousId("a-2")
                .trait("email", "Test@Test.com")
                .build());

    // then
    assertThat(first.linked()).containsExactly(anonymous("a-1"));
    assertThat(first.refused()).isEmpty();
    assertThat(second.profileId()).isNotEqualTo(first.profileId());
    assertThat(second.merges()).isEmpty();
  }

  @Test
  void shouldMatchPhonesWrittenDifferentlyAfterNormalisation() {
    // given
    var customer =
        driver
            .process(Events.identify().userId("u-1").trait("phone", "(202) 555-0142").build())
            .profileId();

    // when
    var callCentre =
        driver.process(
            Events.track("Call Logged")
                .source("call-centre")
                .anonymousId("call-77")
                .contextTrait("phone", "+1 202 555 0142")
                .build());

    // then
    assertThat(callCentre.profileId()).isEqualTo(customer);
    assertThat(driver.reader().profileOf(new Identifier("phone", "+12025550142")))
        .contains(customer);
  }

  @Test
  void shouldResolveByExternalIdFromTraitKeysAndContextExternalIds() {
    // given
    var crm =
        new IdentifierTypeSpec(
            "crm_id", 4, 1, IdentityRules.COMMON_BLOCKED, Normalisation.NONE, List.of("crmId"));
    var rules = new IdentityRules(append(IdentityRules.defaults().types(), crm), "US");
    var crmDriver = new ProcessorDriver(rules);
    var imported =
        crmDriver
            .process(
                Events.identify()
                    .source("crm")
                    .anonymousId("crm-row-17")
                    .trait("crmId", "C-100")
                    .build())
            .profileId();

    // when
    var web =
        crmDriver.process(
            Events.track("Order Completed").userId("u-1").externalId("crm_id", "C-100").build());

    // then
    assertThat(web.profileId()).isEqualTo(imported);
    assertThat(web.linked()).containsExactly(user("u-1"));
  }

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

  @Test
  void shouldRecordTheEventThatMadeEachLinkAndMerge() {
    // given
    Event visit = Events.page("Home").anonymousId("a-1").messageId("m-visit").build();
    Event signUp =
        Events.identify()
            .userId("u-1")
            .anonymousId("a-1")
            .trait("email", "ada@example.com")
            .messageId("m-signup")
            .after(Duration.ofMinutes(5))
            .build();
    Event otherDevice =
        Events.page("Home")
            .anonymousId("a-2")
            .messageId("m-phone")
            .after(Duration.ofMinutes(6))
            .build();
    Event login = identify("u-1", "a-2", Duration.ofMinutes(7));

    // when
    var outcomes = driver.processAll(visit, signUp, otherDevice, login);

    // then
    var profile = outcomes.get(0).profileId();
    assertThat(driver.reader().profile(profile).orElseThrow().links())
        .extracting(
            link ->
                link.identifier().value()
                    + " by "
                    + link.cause().messageId()
                    + "@"
                    + link.cause().position())
        .containsExactly(
            "a-1 by m-visit@0",
            "u-1 by m-signup@1",
            "ada@example.com by m-signup@1",
            "a-2 by m-phone@2");
    var signUpLink = driver.reader().profile(profile).orElseThrow().links().get(1).cause();
    assertThat(signUpLink).isEqualTo(new EventRef("web", "m-signup", 0, 1, signUp.timestamp()));
    assertThat(outcomes.get(3).merges())
        .singleElement()
        .extracting(ProfileMerge::cause)
        .isEqualTo(new EventRef("web", login.messageId(), 0, 3, login.timestamp()));
  }

  private List<Identifier> linkedIdentifiers(String profileId) {
    return driver.reader().profile(profileId).orElseThrow().links().stream()
        .map(IdentityLink::identifier)
        .toList();
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

  private static List<IdentifierTypeSpec> append(
      List<IdentifierTypeSpec> types, IdentifierTypeSpec type) {
    var all = new java.util.ArrayList<>(types);
    all.add(type);
    return all;
  }

  private static Identifier user(String value) {
    return new Identifier("user_id", value);
  }

  private static Identifier anonymous(String value) {
    return new Identifier("anonymous_id", value);
  }

  private static Identifier email(String value) {
    return new Identifier("email", value);
  }
}
