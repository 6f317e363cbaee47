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

  // Written out: the generated record methods showed up in profiles of the processor, which looks
  // identifiers up in hash maps several times per event.
  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof Identifier other && type.equals(other.type) && value.equals(other.value));
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + value.hashCode();
  }

  @Override
  public String toString() {
    // Identifier values are personal data: never print them in logs.
    return type + ":<" + value.length() + " chars>";
  }
}
