package io.tributary.connectors.camel;

import io.tributary.core.event.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The options of a camel destination, read from a definition's {@code transport} options. Only
 * their shape is checked here; whether Camel can make an endpoint of the URI is checked by the
 * factory.
 *
 * @param uri the Camel endpoint URI, e.g. {@code smtp://mail:25?to=crm@example.com}
 * @param headers static headers set on every message (strings, numbers or booleans), before the
 *     hub's own
 */
record CamelOptions(String uri, Map<String, Object> headers) {
  static final Set<String> NAMES = Set.of("uri", "headers");

  /** Set by the hub on every message; a static value would break receivers' deduplication. */
  static final Set<String> RESERVED = Set.of("idempotency-key", "tributaryprofileid", "tributarydestination");

  CamelOptions {
    Objects.requireNonNull(uri, "uri");
    headers = Map.copyOf(headers);
  }

  /**
   * Reads options, adding one error per problem.
   *
   * @return the options, or null when any is wrong
   */
  static CamelOptions read(Map<String, Object> options, List<FieldError> errors) {
    int before = errors.size();
    options.keySet().stream()
        .filter(name -> !NAMES.contains(name))
        .forEach(name -> errors.add(error(name, "unknown-option", "Unknown option '" + name + "'; expected uri or headers")));
    String uri = uri(options.get("uri"), errors);
    Map<String, Object> headers = headers(options.get("headers"), errors);
    return errors.size() == before ? new CamelOptions(uri, headers) : null;
  }

  private static String uri(Object value, List<FieldError> errors) {
    if (value == null) {
      errors.add(error("uri", "required", "Expected transport.uri, the Camel endpoint URI to send to, e.g. smtp://mail:25?to=crm@example.com"));
      return null;
    }
    if (!(value instanceof String s) || s.isBlank()) {
      errors.add(error("uri", "type:string", "Expected transport.uri to be a non-empty string"));
      return null;
    }
    return s;
  }

  private static Map<String, Object> headers(Object value, List<FieldError> errors) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      errors.add(error("headers", "type:object", "Expected transport.headers to be an object of header names and values"));
      return null;
    }
    Map<String, Object> headers = new LinkedHashMap<>();
    map.forEach((name, v) -> {
      String field = "headers." + name;
      if (!(name instanceof String n) || n.isBlank()) {
        errors.add(error("headers", "type:string", "Expected every header name in transport.headers to be a non-empty string"));
      } else if (RESERVED.contains(n.toLowerCase(Locale.ROOT))) {
        errors.add(error(field, "reserved", "Expected no header '" + n + "' in transport.headers: the hub sets it on every message"));
      } else if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
        errors.add(error(field, "type:scalar", "Expected transport." + field + " to be a string, number or boolean"));
      } else {
        headers.put(n, v);
      }
    });
    return headers;
  }

  private static FieldError error(String option, String rule, String message) {
    return new FieldError("transport." + option, rule, message);
  }
}
