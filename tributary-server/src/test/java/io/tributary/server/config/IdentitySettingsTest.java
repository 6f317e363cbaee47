package io.tributary.server.config;

import static io.tributary.server.config.ConfigFiles.load;
import static io.tributary.server.config.ConfigFiles.loadEnv;
import static io.tributary.server.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.tributary.core.identity.IdentifierTypeSpec;
import io.tributary.core.identity.IdentityRules;
import io.tributary.core.identity.Normalisation;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentitySettingsTest {

  @TempDir Path dir;

  @Test
  void shouldBuildIdentityRulesFromConfiguredTypes() {
    // given
    Path file = write(dir, """
        identity:
          default-phone-region: DE
          types:
            - name: user_id
              priority: 1
            - name: email
              priority: 2
              limit: 3
              blocked-values: [test@example.com]
              normalisation: EMAIL
              trait-keys: [email, email_address]
            - name: anonymous_id
              priority: 9
              limit: 50
        """);

    // when
    IdentityRules rules = load(file).identity();

    // then
    assertThat(rules.defaultPhoneRegion()).isEqualTo("DE");
    assertThat(rules.types()).containsExactly(
        new IdentifierTypeSpec("user_id", 1, 1, IdentityRules.COMMON_BLOCKED, Normalisation.NONE,
            List.of()),
        new IdentifierTypeSpec("email", 2, 3, with(IdentityRules.COMMON_BLOCKED,
            "test@example.com"), Normalisation.EMAIL, List.of("email", "email_address")),
        new IdentifierTypeSpec("anonymous_id", 9, 50, IdentityRules.COMMON_BLOCKED,
            Normalisation.NONE, List.of()));
  }

  @Test
  void shouldAddExternalIdsBetweenPhoneAndAnonymousId() {
    // given
    Path file = write(dir, "identity:\n  external-ids: [crm_id, erp_customer_no]\n");

    // when
    IdentityRules rules = load(file).identity();

    // then
    assertThat(rules.types()).extracting(IdentifierTypeSpec::name, IdentifierTypeSpec::priority)
        .containsExactly(tuple("user_id", 1), tuple("email", 2), tuple("phone", 3),
            tuple("crm_id", 4), tuple("erp_customer_no", 5), tuple("anonymous_id", 10));
    assertThat(rules.type("crm_id")).contains(new IdentifierTypeSpec("crm_id", 4, 1,
        IdentityRules.COMMON_BLOCKED, Normalisation.NONE, List.of("crm_id")));
  }

  @Test
  void shouldSkipPrioritiesThatConfiguredTypesAlreadyUse() {
    // given
    Map<String, String> env = Map.of(
        "TRIBUTARY_IDENTITY_TYPES",
        "[{name: user_id, priority: 1}, {name: phone, priority: 3, normalisation: PHONE},"
            + " {name: loyalty_card, priority: 4}, {name: anonymous_id, priority: 10}]",
        "TRIBUTARY_IDENTITY_EXTERNAL_IDS", "[crm_id, erp_customer_no]");

    // when
    IdentityRules rules = loadEnv(env).identity();

    // then
    assertThat(rules.types()).extracting(IdentifierTypeSpec::name).containsExactly(
        "user_id", "phone", "loyalty_card", "crm_id", "erp_customer_no", "anonymous_id");
    assertThat(rules.type("crm_id").orElseThrow().priority()).isEqualTo(5);
    assertThat(rules.type("erp_customer_no").orElseThrow().priority()).isEqualTo(6);
  }

  @Test
  void shouldRejectMoreExternalIdsThanFreePriorities() {
    // given
    String sevenNames = "[id_a, id_b, id_c, id_d, id_e, id_f, id_g]";

    // when
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loadEnv(Map.of("TRIBUTARY_IDENTITY_EXTERNAL_IDS", sevenNames)));

    // then
    assertThat(e.problems()).containsExactly(
        "identity.external-ids: expected at most 6 names, as many as there are free priorities"
            + " between phone and anonymous_id in identity.types, but got 7; configure the others"
            + " in identity.types with explicit priorities");
  }

  @Test
  void shouldRejectExternalIdsThatAreAlreadyTypesOrRepeatedOrMisnamed() {
    // given
    Path file = write(dir, "identity:\n  external-ids: [email, crm_id, crm_id, CRM-ID]\n");

    // when
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(file));

    // then
    assertThat(e.problems()).containsExactly(
        "identity.external-ids[2]: expected distinct values, but this one equals"
            + " identity.external-ids[1] (in " + file + ", line 2)");

    // when the duplicate is removed, the remaining problems are reported
    Path fixed = write(dir, "identity:\n  external-ids: [email, crm_id, CRM-ID]\n");
    e = catchThrowableOfType(ConfigException.class, () -> load(fixed));

    // then
    assertThat(e.problems()).containsExactly(
        "identity.external-ids[0]: expected a name that is not already an identifier type, but"
            + " 'email' is one in identity.types",
        "identity.external-ids[2]: Expected identifier type name to match [a-z][a-z0-9_]{0,63},"
            + " but was 'CRM-ID'");
  }

  @Test
  void shouldReportTheCoresRulesForConfiguredTypes() {
    // given
    Path file = write(dir, """
        identity:
          types:
            - {name: user_id, priority: 1}
            - {name: Email, priority: 2}
            - {name: anonymous_id, priority: 1, limit: 0, normalise: EMAIL}
        """);

    // when
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(file));

    // then
    String origin = " (in " + file + ", line 2)";
    assertThat(e.problems()).containsExactly(
        "identity.types[1]: Expected identifier type name to match [a-z][a-z0-9_]{0,63}, but was"
            + " 'Email'" + origin,
        "identity.types[2].normalise: unknown field; expected one of name, priority, limit,"
            + " blocked-values, normalisation, trait-keys" + origin,
        "identity.types[2].limit: expected an integer of at least 1, but was 0" + origin);
  }

  @Test
  void shouldRejectCollidingPrioritiesAndMissingRequiredTypes() {
    // given
    Map<String, String> collide = Map.of("TRIBUTARY_IDENTITY_TYPES",
        "[{name: user_id, priority: 1}, {name: anonymous_id, priority: 1}]");
    Map<String, String> missing = Map.of("TRIBUTARY_IDENTITY_TYPES",
        "[{name: user_id, priority: 1}]");

    // when
    ConfigException collision = catchThrowableOfType(ConfigException.class, () -> loadEnv(collide));
    ConfigException absence = catchThrowableOfType(ConfigException.class, () -> loadEnv(missing));

    // then
    assertThat(collision.problems()).containsExactly(
        "identity.types: Expected unique identifier priorities, but 'user_id' and 'anonymous_id'"
            + " both have priority 1");
    assertThat(absence.problems()).containsExactly(
        "identity.types: Expected identifier type 'anonymous_id' to be configured");
  }

  @Test
  void shouldRejectAnUnknownPhoneRegion() {
    // when
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loadEnv(Map.of("TRIBUTARY_IDENTITY_DEFAULT_PHONE_REGION", "XX")));

    // then
    assertThat(e.problems()).containsExactly(
        "identity.default-phone-region: expected an ISO 3166-1 alpha-2 region code such as US or"
            + " DE, but was 'XX' (in environment variable TRIBUTARY_IDENTITY_DEFAULT_PHONE_REGION)");
  }

  private static Set<String> with(Set<String> values, String extra) {
    Set<String> all = new HashSet<>(values);
    all.add(extra);
    return all;
  }
}
