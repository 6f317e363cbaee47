package io.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The type of a setting's value: how it is read from YAML and from an environment variable, which
 * rules it must satisfy, and how it is written back for the docs.
 *
 * <p>Reading and validating are separate so that the option records can run the same rules in
 * their compact constructors ({@link #requireValid}) as the loader runs on raw input.
 *
 * @param <T> the Java type of the value
 */
interface ValueType<T> {

  /**
   * What is accepted, as a noun phrase that completes "expected ...": e.g. {@code an integer from
   * 0 to 65535}. Used in error messages and in the docs.
   */
  String description();

  /**
   * Converts a YAML node that is not null. Reports a problem under {@code path} and returns empty
   * when the node does not have this type's shape; does not check {@link #validate the rules}.
   */
  Optional<T> read(JsonNode node, String path, Problems problems);

  /**
   * Converts the text of an environment variable. Scalars read the text itself; structured types
   * read YAML flow syntax (which includes JSON).
   */
  Optional<T> readEnv(String text, String path, Problems problems);

  /** Reports every rule {@code value} breaks, under {@code path}. */
  default void validate(T value, String path, Problems problems) {}

  /** The value as a YAML node, as a user would write it in the file. */
  JsonNode write(T value);

  /**
   * Returns {@code value} if it satisfies this type's rules.
   *
   * @throws IllegalArgumentException naming {@code path} and every rule that was broken
   * @throws NullPointerException if {@code value} is null
   */
  default T requireValid(T value, String path) {
    if (value == null) {
      throw new NullPointerException(path);
    }
    Problems problems = new Problems();
    validate(value, path, problems);
    problems.throwIfAny();
    return value;
  }
}
