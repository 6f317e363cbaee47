package io.tributary.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.Events;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class IdentifierExtractorTest {

  private static final Predicate<Identifier> NOTHING_KNOWN = id -> false;

  private final IdentifierExtractor extractor = new IdentifierExtractor(IdentityRules.defaults());

  @Test
  void shouldOrderIdentifiersByPriorityWhateverTheirSource() {
    // given
    var event =
        Events.identify()
            .anonymousId("a-1")
            .userId("u-1")
            .trait("phone", "+1 202 555 0142")
            .trait("email", "Ada@Example.com")
            .build();

    // when
    var identifiers = extractor.extract(event, NOTHING_KNOWN);

    // then
    assertThat(identifiers)
        .containsExactly(
            new Identifier("user_id", "u-1"),
            new Identifier("email", "ada@example.com"),
            new Identifier("phone", "+12025550142"),
            new Identifier("anonymous_id", "a-1"));
  }

  @Test
  void shouldKeepOrderOfAppearanceWithinATypeAndDropDuplicates() {
    // given
    var event =
        Events.identify()
            .userId("u-1")
            .trait("email", "ada@example.com")
            .contextTrait("email", "ADA@example.com ")
            .externalId("email", "ada.work@example.com")
            .build();

    // when
    var identifiers = extractor.extract(event, NOTHING_KNOWN);

    // then
    assertThat(identifiers)
        .containsExactly(
            new Identifier("user_id", "u-1"),
            new Identifier("email", "ada@example.com"),
            new Identifier("email", "ada.work@example.com"));
  }

  @Test
  void shouldReadContextTraitsOfEveryTypeButTraitsOnlyOfIdentify() {
    // given
    var group =
        Events.group("g-1")
            .userId("u-1")
            .trait("email", "team@example.com")
            .contextTrait("phone", "202-555-0143")
            .build();

    // when
    var identifiers = extractor.extract(group, NOTHING_KNOWN);

    // then
    assertThat(identifiers)
        .containsExactly(new Identifier("user_id", "u-1"), new Identifier("phone", "+12025550143"));
  }

  @Test
  void shouldNotReadTraitsOfTrackEvents() {
    // given
    var track =
        Events.track("Order Completed").userId("u-1").trait("email", "ada@example.com").build();

    // when / then
    assertThat(extractor.extract(track, NOTHING_KNOWN))
        .containsExactly(new Identifier("user_id", "u-1"));
  }

  @Test
  void shouldReadExternalIdsOfConfiguredTypesOnly() {
    // given
    var event =
        Events.track("Ticket Opened")
            .anonymousId("a-1")
            .externalId("crm_id", "C-100")
            .externalId("shop_id", "S-7")
            .build();

    // when
    var identifiers = crmExtractor().extract(event, NOTHING_KNOWN);

    // then
    assertThat(identifiers)
        .containsExactly(new Identifier("crm_id", "C-100"), new Identifier("anonymous_id", "a-1"));
  }

  @Test
  void shouldReadCustomTypeFromItsTraitKeys() {
    // given
    var event =
        Events.identify()
            .anonymousId("a-1")
            .trait("crmId", "C-100")
            .contextTrait("crm", "C-101")
            .build();

    // when
    var identifiers = crmExtractor().extract(event, NOTHING_KNOWN);

    // then
    assertThat(identifiers)
        .containsExactly(
            new Identifier("crm_id", "C-100"),
            new Identifier("crm_id", "C-101"),
            new Identifier("anonymous_id", "a-1"));
  }

  @Test
  void shouldTakeNumbersAsTheirTextAndIgnoreOtherNonStrings() {
    // given
    var event =
        Events.identify()
            .anonymousId("a-1")
            .trait("crmId", 4711)
            .trait("crm", Map.of("id", "C-1"))
            .contextTrait("crmId", true)
            .contextTrait("crm", List.of("C-2"))
            .externalId("crm_id", 12345678901L)
            .build();

    // when
    var identifiers = crmExtractor().extract(event, NOTHING_KNOWN);

    // then
    assertThat(identifiers)
        .containsExactly(
            new Identifier("crm_id", "4711"),
            new Identifier("crm_id", "12345678901"),
            new Identifier("anonymous_id", "a-1"));
  }

  @Test
  void shouldDropBlockedAndInvalidValues() {
    // given
    var event =
        Events.identify()
            .userId("unknown")
            .anonymousId("a-1")
            .trait("email", "test@test.com")
            .contextTrait("email", "not-an-email")
            .trait("phone", "call me")
            .build();

    // when / then
    assertThat(extractor.extract(event, NOTHING_KNOWN))
        .containsExactly(new Identifier("anonymous_id", "a-1"));
  }

  @Test
  void shouldTakeUnknownAliasPreviousIdAsAnonymousId() {
    // given
    var alias = Events.alias("visitor-1").userId("u-1").build();

    // when
    var identifiers = extractor.extract(alias, NOTHING_KNOWN);

    // then
    assertThat(identifiers)
        .containsExactly(
            new Identifier("user_id", "u-1"), new Identifier("anonymous_id", "visitor-1"));
  }

  @Test
  void shouldTakeAliasPreviousIdAsUserIdWhenKnownAsUserId() {
    // given
    var alias = Events.alias("u-old").userId("u-new").build();
    Predicate<Identifier> known = new Identifier("user_id", "u-old")::equals;

    // when
    var identifiers = extractor.extract(alias, known);

    // then
    assertThat(identifiers)
        .containsExactly(new Identifier("user_id", "u-new"), new Identifier("user_id", "u-old"));
  }

  @Test
  void shouldIgnorePreviousIdOfNonAliasEvents() {
    // given
    var identify = Events.identify().userId("u-1").previousId("visitor-1").build();

    // when / then
    assertThat(extractor.extract(identify, NOTHING_KNOWN))
        .containsExactly(new Identifier("user_id", "u-1"));
  }

  @Test
  void shouldReturnNothingWhenEveryIdentifierIsDropped() {
    // given
    var event = Events.track("Viewed").userId("undefined").anonymousId(" ").build();

    // when / then
    assertThat(extractor.extract(event, NOTHING_KNOWN)).isEmpty();
  }

  private static IdentifierExtractor crmExtractor() {
    var crm =
        new IdentifierTypeSpec(
            "crm_id",
            2,
            3,
            IdentityRules.COMMON_BLOCKED,
            Normalisation.NONE,
            List.of("crmId", "crm"));
    var rules =
        new IdentityRules(
            List.of(
                new IdentifierTypeSpec(
                    "user_id", 1, 1, IdentityRules.COMMON_BLOCKED, Normalisation.NONE, List.of()),
                crm,
                new IdentifierTypeSpec(
                    "anonymous_id", 10, 100, Set.of(), Normalisation.NONE, List.of())),
            "US");
    return new IdentifierExtractor(rules);
  }
}
