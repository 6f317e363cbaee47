package io.tributary.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A string satisfying one rule. Secrets are never echoed in problem messages, only their length;
 * URLs are echoed without their user information and query, which may hold a password.
 */
final class StringType extends ScalarType<String> {

  private final String description;
  private final Predicate<String> rule;
  private final Function<String, String> shown;

  private StringType(String description, Predicate<String> rule, Function<String, String> shown) {
    this.description = description;
    this.rule = rule;
    this.shown = shown;
  }

  /** A string for which {@code rule} holds, described (after "expected") by {@code description}. */
  static StringType of(String description, Predicate<String> rule) {
    return new StringType(description, rule, Shown::text);
  }

  /** A non-empty string without whitespace, such as a host name, an id or a name. */
  static StringType token(String description) {
    return of(description, StringType::isToken);
  }

  /** A string matching {@code regex} as a whole. */
  static StringType matching(String regex) {
    Pattern pattern = Pattern.compile(regex);
    return of("a string matching " + regex, s -> pattern.matcher(s).matches());
  }

  /** A secret of at least {@code minLength} characters without whitespace. */
  static StringType secret(int minLength) {
    return secret(
        "a string of at least " + minLength + " characters without whitespace",
        s -> s.length() >= minLength && isToken(s));
  }

  /** A secret for which {@code rule} holds; problems show its length only. */
  static StringType secret(String description, Predicate<String> rule) {
    return new StringType(description, rule, Shown::secret);
  }

  /** A URL for which {@code rule} holds; problems show it without credentials. */
  static StringType url(String description, Predicate<String> rule) {
    return new StringType(description, rule, Shown::url);
  }

  static boolean isToken(String s) {
    return !s.isEmpty() && s.codePoints().noneMatch(Character::isWhitespace);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Optional<String> read(JsonNode node, String path, Problems problems) {
    if (!node.isValueNode() || node.isNull()) {
      return mismatch(node, path, problems);
    }
    return Optional.of(node.asText());
  }

  @Override
  public void validate(String value, String path, Problems problems) {
    if (!rule.test(value)) {
      problems.add(path, "expected " + description + ", but was " + shown.apply(value));
    }
  }

  @Override
  public JsonNode write(String value) {
    return TextNode.valueOf(value);
  }
}
