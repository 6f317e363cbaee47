package io.tributary.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierNormaliserTest {

  private final IdentifierNormaliser normaliser =
      new IdentifierNormaliser(IdentityRules.defaults());

  @Test
  void shouldTrimAndLowerCaseEmail() {
    // when
    var email = normaliser.normalise("email", "  Ada.Example@EXAMPLE.com ");

    // then
    assertThat(email).contains(new Identifier("email", "ada.example@example.com"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ada.example.com", "ada@@example.com", "a@b@example.com", "@example.com", "ada@"})
  void shouldDropEmailWithoutExactlyOneAtBetweenNonEmptyParts(String raw) {
    assertThat(normaliser.normalise("email", raw)).isEmpty();
  }

  @Test
  void shouldDropAValueWithANulCharacter() {
    assertThat(normaliser.normalise("email", "ada@exam\u0000ple.com")).isEmpty();
    assertThat(normaliser.normalise("crm_id", "C-1\u0000")).isEmpty();
  }

  @Test
  void shouldFormatPhoneWithoutCountryCodeAsE164InDefaultRegion() {
    // when
    var phone = normaliser.normalise("phone", "(202) 555-0142");

    // then
    assertThat(phone).contains(new Identifier("phone", "+12025550142"));
  }

  @Test
  void shouldKeepCountryCodeOfInternationalPhone() {
    assertThat(normaliser.normalise("phone", "+49 1555 0123456"))
        .contains(new Identifier("phone", "+4915550123456"));
  }

  @Test
  void shouldUseConfiguredDefaultPhoneRegion() {
    // given
    var german =
        new IdentifierNormaliser(new IdentityRules(IdentityRules.defaults().types(), "DE"));

    // when
    var phone = german.normalise("phone", "01555 0123456");

    // then
    assertThat(phone).contains(new Identifier("phone", "+4915550123456"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"call me", "12345", "+1 555", "555-0100"})
  void shouldDropUnparseableOrInvalidPhone(String raw) {
    assertThat(normaliser.normalise("phone", raw)).isEmpty();
  }

  @Test
  void shouldAnswerPhonesSeenBeforeAsTheFirstTimeAlsoAfterTheirMemoryFilled() {
    // given: more distinct numbers than are remembered, valid and invalid ones
    int n = IdentifierNormaliser.CACHED_PHONES + 500;
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < n; i++) {
        String raw = "(202) 555-" + String.format("%04d", i % 10_000) + (i >= 10_000 ? " x" + i : "");
        // when
        var phone = normaliser.normalise("phone", raw);
        // then: the same answer in both rounds, as libphonenumber gives it
        assertThat(phone).as("round %d, %s", round, raw).contains(new Identifier("phone", "+1202555" + String.format("%04d", i % 10_000)));
      }
      assertThat(normaliser.normalise("phone", "555-0100")).as("round %d", round).isEmpty();
    }
  }

  @Test
  void shouldOnlyTrimValuesWithoutNormalisation() {
    assertThat(normaliser.normalise("user_id", "  Ada-Example-42 "))
        .contains(new Identifier("user_id", "Ada-Example-42"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"unknown", "UNKNOWN", " Null ", "undefined", "", "   ", "0"})
  void shouldDropCommonBlockedValuesIgnoringCase(String raw) {
    assertThat(normaliser.normalise("user_id", raw)).isEmpty();
  }

  @Test
  void shouldCompareBlockedEmailAfterNormalisation() {
    assertThat(normaliser.normalise("email", " Test@Test.COM ")).isEmpty();
  }

  @Test
  void shouldCompareConfiguredBlockedValuesIgnoringCase() {
    // given
    var rules =
        new IdentityRules(
            List.of(
                new IdentifierTypeSpec(
                    "user_id", 1, 1, Set.of("Guest"), Normalisation.NONE, List.of()),
                new IdentifierTypeSpec(
                    "anonymous_id", 2, 10, Set.of(), Normalisation.NONE, List.of())),
            "US");

    // when
    var guest = new IdentifierNormaliser(rules).normalise("user_id", "GUEST");

    // then
    assertThat(guest).isEmpty();
  }

  @Test
  void shouldDropValuesLongerThanMaxLength() {
    // given
    String longest = "u".repeat(IdentifierNormaliser.MAX_LENGTH);

    // when / then
    assertThat(normaliser.normalise("user_id", longest)).isPresent();
    assertThat(normaliser.normalise("user_id", longest + "u")).isEmpty();
  }

  @Test
  void shouldDropValuesOfTypesNotConfigured() {
    assertThat(normaliser.normalise("crm_id", "C-1")).isEmpty();
  }
}
