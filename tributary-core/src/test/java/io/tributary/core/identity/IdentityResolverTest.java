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

/** The resolution rule, event by event: profiles, links and what each link remembers. */
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
  void shouldDeriveProfileIdsFromSourceAndMessageIdOnly() {
    // MD5 name-based UUID of "web", NUL, "m-1": a rebuild anywhere must give the same id.
    assertThat(IdentityResolver.profileIdFor("web", "m-1"))
        .isEqualTo("613d0678-dc8f-3383-9874-67d8a4c7e20f");
    assertThat(IdentityResolver.profileIdFor("shop", "m-1"))
        .isNotEqualTo(IdentityResolver.profileIdFor("web", "m-1"))
        .isNotEqualTo(IdentityResolver.profileIdFor("shop", "m-2"));
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
    return TestIdentifiers.linked(driver, profileId);
  }

  private static Event identify(String userId, String anonymousId, Duration after) {
    return Events.identify().userId(userId).anonymousId(anonymousId).after(after).build();
  }

  private static List<IdentifierTypeSpec> append(
      List<IdentifierTypeSpec> types, IdentifierTypeSpec type) {
    var all = new java.util.ArrayList<>(types);
    all.add(type);
    return all;
  }
}
