package io.tributary.connectors;

import io.tributary.core.event.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads the options of one transport, the plain JSON values (String, Number, Boolean, List, Map)
 * of a definition's {@code transport} block, collecting one {@link FieldError} per problem, each
 * naming its field as {@code transport.<option>}. An option not among the transport's names is an
 * error. One reader per reading; not thread-safe.
 */
public final class OptionReader {
  private final Map<String, Object> options;
  private final List<FieldError> errors = new ArrayList<>();

  private OptionReader(String type, Set<String> names, Map<String, Object> options) {
    this.options = Objects.requireNonNull(options, "options");
    Set<String> known = new TreeSet<>(names);
    for (String name : new TreeSet<>(options.keySet())) {
      if (!known.contains(name)) {
        error(name, "unknown-option", "Expected only the options " + known + " of a " + type + " transport, but got '" + name + "'");
      }
    }
  }

  /**
   * The errors that {@code read} finds in options, the unknown ones first; empty when they are valid.
   *
   * @param read returns the options it read, or null once it has reported an error
   */
  public static List<FieldError> check(
      String type, Set<String> names, Map<String, Object> options, Function<OptionReader, ?> read) {
    OptionReader reader = new OptionReader(type, names, options);
    read.apply(reader);
    return List.copyOf(reader.errors);
  }

  /**
   * The options that {@code read} reads.
   *
   * @throws IllegalArgumentException naming each error, when {@link #check} finds any
   */
  public static <T> T read(String type, Set<String> names, Map<String, Object> options, Function<OptionReader, T> read) {
    OptionReader reader = new OptionReader(type, names, options);
    T result = read.apply(reader);
    if (reader.hasErrors() || result == null) {
      throw new IllegalArgumentException("Expected valid " + type + " transport options, but: " + reader.errors);
    }
    return result;
  }

  /** The option's value as given, null when absent. */
  public Object get(String name) {
    return options.get(name);
  }

  /**
   * A string option.
   *
   * @return null when it is absent (an error if required) or not a non-blank string (an error)
   */
  public String string(String name, boolean required) {
    Object value = options.get(name);
    if (value instanceof String s && !s.isBlank()) {
      return s;
    }
    if (value == null && required) {
      error(name, "required", "Expected transport." + name + ", but it is missing");
    } else if (value != null) {
      error(name, "type:string", "Expected transport." + name + " to be a non-empty string, but got " + jsonType(value));
    }
    return null;
  }

  /**
   * Reports a problem.
   *
   * @param path the option's name, or a path below it ({@code properties.linger.ms})
   */
  public void error(String path, String rule, String message) {
    errors.add(new FieldError("transport." + path, rule, message));
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** What kind of JSON value it is ("a string", "a list"), for a message that must not quote it. */
  public static String jsonType(Object value) {
    return switch (value) {
      case null -> "null";
      case String s -> s.isBlank() ? "an empty string" : "a string";
      case Number n -> "a number";
      case Boolean b -> "a boolean";
      case List<?> l -> "a list";
      case Map<?, ?> m -> "an object";
      default -> value.getClass().getSimpleName();
    };
  }
}
