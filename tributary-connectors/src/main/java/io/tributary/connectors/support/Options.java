package io.tributary.connectors.support;

import io.tributary.core.delivery.Durations;
import io.tributary.core.event.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a transport's options (plain JSON values) and collects one {@link FieldError} per problem,
 * each naming its field as {@code transport.<option>}.
 */
public final class Options {
  private final Map<String, Object> options;
  private final String prefix;
  private final List<FieldError> errors;

  public Options(Map<String, Object> options, Set<String> known) {
    this(options, "transport", new ArrayList<>());
    for (String key : options.keySet()) {
      if (!known.contains(key)) {
        error(key, "unknown-option", "Unknown option '" + key + "'; expected one of " + new TreeSet<>(known));
      }
    }
  }

  private Options(Map<String, Object> options, String prefix, List<FieldError> errors) {
    this.options = options;
    this.prefix = prefix;
    this.errors = errors;
  }

  /** The options of a nested object, reporting into the same error list. */
  public Options nested(String key, Set<String> known) {
    Object v = options.get(key);
    if (!(v instanceof Map<?, ?> m)) {
      if (v != null) {
        error(key, "type:object", "Expected " + field(key) + " to be an object");
      }
      return new Options(Map.of(), field(key), errors);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> inner = (Map<String, Object>) m;
    var nested = new Options(inner, field(key), errors);
    for (String k : inner.keySet()) {
      if (!known.contains(k)) {
        nested.error(k, "unknown-option", "Unknown option '" + k + "'; expected one of " + new TreeSet<>(known));
      }
    }
    return nested;
  }

  public boolean has(String key) {
    return options.get(key) != null;
  }

  public String field(String key) {
    return prefix + "." + key;
  }

  public void error(String key, String rule, String message) {
    errors.add(new FieldError(field(key), rule, message));
  }

  public List<FieldError> errors() {
    return List.copyOf(errors);
  }

  /** A string option; null (and an error if required) when absent or not a non-empty string. */
  public String string(String key, boolean required) {
    Object v = options.get(key);
    if (v == null) {
      if (required) {
        error(key, "required", "Expected " + field(key) + " to be set");
      }
      return null;
    }
    if (!(v instanceof String s) || s.isBlank()) {
      error(key, "type:string", "Expected " + field(key) + " to be a non-empty string");
      return null;
    }
    return s;
  }

  public String string(String key, String dflt) {
    String s = string(key, false);
    return s == null ? dflt : s;
  }

  public String oneOf(String key, String dflt, Set<String> allowed) {
    String s = string(key, dflt);
    if (s != null && !allowed.contains(s)) {
      error(key, "one-of", "Expected " + field(key) + " to be one of " + new TreeSet<>(allowed) + ", but got '" + s + "'");
      return dflt;
    }
    return s;
  }

  /** A whole number in {@code [min, max]}; {@code dflt} when absent or wrong (reported). */
  public int integer(String key, int dflt, int min, int max) {
    Object v = options.get(key);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      error(key, "type:integer", "Expected " + field(key) + " to be a whole number");
      return dflt;
    }
    if (n.doubleValue() < min || n.doubleValue() > max) {
      error(key, "range:" + min + "-" + max, "Expected " + field(key) + " to be from " + min + " to " + max + ", but got " + n);
      return dflt;
    }
    return n.intValue();
  }

  public Duration duration(String key, Duration dflt) {
    String s = string(key, false);
    if (s == null) {
      return dflt;
    }
    try {
      return Durations.parse(s);
    } catch (IllegalArgumentException e) {
      error(key, "format:duration", "Expected " + field(key) + " to be a duration: " + e.getMessage());
      return dflt;
    }
  }

  /** A map of string values (e.g. headers); empty when absent. */
  public Map<String, String> stringMap(String key) {
    Object v = options.get(key);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> m)) {
      error(key, "type:object", "Expected " + field(key) + " to be an object of strings");
      return Map.of();
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    m.forEach((k, val) -> {
      if (val instanceof String s) {
        out.put(String.valueOf(k), s);
      } else {
        error(key + "." + k, "type:string", "Expected " + field(key) + "." + k + " to be a string");
      }
    });
    return out;
  }
}
