package io.tributary.server.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One setting, defined once: its key, type, default, documentation and validation. Loading,
 * error messages and {@code docs/configuration.md} are all derived from these definitions, which
 * live in {@link Settings}.
 *
 * <p>Instances are immutable; the {@code with...} methods return a changed copy.
 *
 * @param <T> the Java type of the value
 */
public final class Setting<T> {

  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");

  private final String key;
  private final ValueType<T> type;
  private final Optional<T> defaultValue;
  private final String documentation;
  private final List<String> envExamples;

  private Setting(
      String key,
      ValueType<T> type,
      Optional<T> defaultValue,
      String documentation,
      List<String> envExamples) {
    this.key = key;
    this.type = type;
    this.defaultValue = defaultValue;
    this.documentation = documentation;
    this.envExamples = List.copyOf(envExamples);
  }

  /** A setting without default (its value is optional) and without documentation yet. */
  static <T> Setting<T> define(String key, ValueType<T> type) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "Expected a setting key like 'section.name-in-kebab-case' or 'name', but was '" + key + "'");
    }
    return new Setting<>(key, type, Optional.empty(), "", List.of());
  }

  /** This setting with a default, which must itself be valid. */
  Setting<T> withDefault(T value) {
    return new Setting<>(
        key, type, Optional.of(type.requireValid(value, key)), documentation, envExamples);
  }

  /** This setting with its documentation: one or a few sentences of Markdown. */
  Setting<T> withDocumentation(String text) {
    return new Setting<>(key, type, defaultValue, Objects.requireNonNull(text), envExamples);
  }

  /** This setting with examples of its environment variable's value, for the docs. */
  Setting<T> withEnvExamples(String... examples) {
    return new Setting<>(key, type, defaultValue, documentation, List.of(examples));
  }

  /** The key in the YAML file, e.g. {@code ingest.max-event-bytes}. */
  public String key() {
    return key;
  }

  /**
   * The environment variable that overrides the setting: {@code TRIBUTARY_} and the key
   * upper-cased, with {@code .} and {@code -} replaced by {@code _}, e.g. {@code
   * TRIBUTARY_INGEST_MAX_EVENT_BYTES}.
   */
  public String envName() {
    return envName(key);
  }

  static String envName(String key) {
    return Settings.ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** What the setting does, in Markdown. */
  public String documentation() {
    return documentation;
  }

  /** What values are accepted, e.g. {@code an integer from 0 to 65535}. */
  public String typeDescription() {
    return type.description();
  }

  /** The value when none is configured; empty if the setting is then simply absent. */
  public Optional<T> defaultValue() {
    return defaultValue;
  }

  /** Example values of the environment variable; empty for scalar settings. */
  public List<String> envExamples() {
    return envExamples;
  }

  ValueType<T> type() {
    return type;
  }

  /**
   * Returns {@code value} if it satisfies the setting's rules.
   *
   * @throws IllegalArgumentException naming the key and the rule that was broken
   */
  T requireValid(T value) {
    return type.requireValid(value, key);
  }

  @Override
  public String toString() {
    return key;
  }
}
