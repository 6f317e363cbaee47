package io.tributary.core.identity;

import java.util.Objects;

/**
 * One normalised identifier of a person, e.g. {@code email:ada@example.com}.
 *
 * @param type the identifier type's name, e.g. {@code user_id}, {@code email}, {@code crm_id}
 * @param value the normalised value (emails lower-cased and trimmed, phones in E.164)
 */
public record Identifier(String type, String value) {
  public Identifier {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    // Identifier values are personal data: never print them in logs.
    return type + ":<" + value.length() + " chars>";
  }
}
