package io.tributary.core.identity;

import io.tributary.core.testing.ProcessorDriver;
import java.util.List;

/** Short names for identifiers in resolution tests. */
final class TestIdentifiers {

  private TestIdentifiers() {}

  static Identifier user(String value) {
    return new Identifier(IdentityRules.USER_ID, value);
  }

  static Identifier anonymous(String value) {
    return new Identifier(IdentityRules.ANONYMOUS_ID, value);
  }

  static Identifier email(String value) {
    return new Identifier(IdentityRules.EMAIL, value);
  }

  /** The identifiers linked to a live profile, in the order they were linked. */
  static List<Identifier> linked(ProcessorDriver driver, String profileId) {
    return driver.reader().profile(profileId).orElseThrow().links().stream()
        .map(IdentityLink::identifier)
        .toList();
  }
}
