package io.tributary.core.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.event.EventType;
import io.tributary.core.event.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and writes destination definitions as JSON documents, the one shape used by the
 * configuration file (as YAML) and the admin API. Field names are kebab-case, like the rest of the
 * configuration:
 *
 * <pre>{@code
 * name: crm
 * events: {types: [track], names: [Order Completed]}
 * filter: "event.properties.total > 100"
 * mapping: "{'email': profile.traits.email}"
 * transport: {type: http, url: "https://crm.example/hook"}
 * delivery: {mode: batch, window: 24h, max-size: 50000}     # or {mode: realtime}, the default
 * retry: {max-attempts: 10, max-age: 24h, initial-backoff: 500ms, max-backoff: 5m}
 * rate-limit: 200
 * max-in-flight: 16
 * consent-category: marketing
 * }</pre>
 *
 * Reading checks the document's shape only; {@link DestinationCompiler} checks the expressions and
 * the transport's options.
 */
public final class DefinitionJson {
  static final ObjectMapper MAPPER = JsonMapper.builder().build();
  static final int DEFAULT_MAX_IN_FLIGHT = 16;
  private static final Set<String> FIELDS =
      Set.of("name", "events", "filter", "mapping", "transport", "delivery", "retry", "rate-limit", "max-in-flight", "consent-category");

  private DefinitionJson() {}

  /**
   * @param name the name from the URL (API) or null to take it from the document
   * @throws InvalidDefinitionException naming every field that is wrong
   */
  public static DestinationDefinition read(JsonNode doc, String name) {
    var r = new Reader();
    if (doc == null || !doc.isObject()) {
      throw new InvalidDefinitionException(List.of(new FieldError("$", "type:object", "Expected the definition to be a JSON object")));
    }
    doc.fieldNames().forEachRemaining(f -> {
      if (!FIELDS.contains(f)) {
        r.error(f, "unknown-field", "Unknown field '" + f + "'; expected one of " + new java.util.TreeSet<>(FIELDS));
      }
    });
    String docName = r.string(doc, "name", false);
    if (name == null) {
      name = docName;
      if (name == null) {
        r.error("name", "required", "Expected a destination name");
      }
    } else if (docName != null && !docName.equals(name)) {
      r.error("name", "matches-path", "Expected the name in the document to be the one in the URL, '" + name + "', or absent");
    }
    if (name != null && !DestinationDefinition.NAME.matcher(name).matches()) {
      r.error("name", "format:name", "Expected 1 to 64 lower-case letters, digits, '-' or '_', starting with a letter or digit");
    }
    EventSelector events = r.events(doc.get("events"));
    String filter = r.string(doc, "filter", false);
    String mapping = r.string(doc, "mapping", false);
    TransportSpec transport = r.transport(doc.get("transport"));
    DeliveryMode delivery = r.delivery(doc.get("delivery"));
    RetryPolicy retry = r.retry(doc.get("retry"));
    double rateLimit = r.number(doc, "rate-limit", 0.0, 0, 1_000_000).doubleValue();
    int maxInFlight = r.number(doc, "max-in-flight", DEFAULT_MAX_IN_FLIGHT, 1, Lanes.COUNT).intValue();
    String consent = r.string(doc, "consent-category", false);
    r.throwIfAny();
    return new DestinationDefinition(name, events, filter, mapping, transport, delivery, retry, rateLimit, maxInFlight, consent);
  }

  /** The definition as a document that {@link #read} reads back to an equal definition. */
  public static ObjectNode write(DestinationDefinition d) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("name", d.name());
    ObjectNode events = o.putObject("events");
    ArrayNode types = events.putArray("types");
    d.events().types().stream().map(EventType::specName).sorted().forEach(types::add);
    ArrayNode names = events.putArray("names");
    d.events().names().stream().sorted().forEach(names::add);
    if (d.filter() != null) {
      o.put("filter", d.filter());
    }
    if (d.mapping() != null) {
      o.put("mapping", d.mapping());
    }
    ObjectNode transport = o.putObject("transport");
    transport.put("type", d.transport().type());
    new java.util.TreeMap<>(d.transport().options()).forEach((k, v) -> transport.set(k, MAPPER.valueToTree(v)));
    ObjectNode delivery = o.putObject("delivery");
    switch (d.delivery()) {
      case DeliveryMode.Realtime ignored -> delivery.put("mode", "realtime");
      case DeliveryMode.Batch b -> delivery.put("mode", "batch").put("window", Durations.format(b.window())).put("max-size", b.maxSize());
    }
    o.putObject("retry")
        .put("max-attempts", d.retry().maxAttempts())
        .put("max-age", Durations.format(d.retry().maxAge()))
        .put("initial-backoff", Durations.format(d.retry().initialBackoff()))
        .put("max-backoff", Durations.format(d.retry().maxBackoff()));
    o.put("rate-limit", d.rateLimit());
    o.put("max-in-flight", d.maxInFlight());
    if (d.consentCategory() != null) {
      o.put("consent-category", d.consentCategory());
    }
    return o;
  }

  /** Collects errors while reading, so that one answer names every wrong field. */
  private static final class Reader {
    private final List<FieldError> errors = new ArrayList<>();

    void error(String field, String rule, String message) {
      errors.add(new FieldError(field, rule, message));
    }

    void throwIfAny() {
      if (!errors.isEmpty()) {
        throw new InvalidDefinitionException(errors);
      }
    }

    String string(JsonNode parent, String field, boolean required) {
      return string(parent, field, field, required);
    }

    String string(JsonNode parent, String field, String path, boolean required) {
      JsonNode v = parent.get(field);
      if (v == null || v.isNull()) {
        if (required) {
          error(path, "required", "Expected " + path + " to be set");
        }
        return null;
      }
      if (!v.isTextual() || v.asText().isBlank()) {
        error(path, "type:string", "Expected " + path + " to be a non-empty string");
        return null;
      }
      return v.asText();
    }

    Number number(JsonNode parent, String field, Number dflt, long min, long max) {
      return number(parent, field, field, dflt, min, max);
    }

    Number number(JsonNode parent, String field, String path, Number dflt, long min, long max) {
      JsonNode v = parent.get(field);
      if (v == null || v.isNull()) {
        return dflt;
      }
      if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
        error(path, "range:" + min + ".." + max, "Expected " + path + " to be a number from " + min + " to " + max);
        return dflt;
      }
      if (dflt instanceof Integer && !v.canConvertToExactIntegral()) {
        error(path, "type:integer", "Expected " + path + " to be a whole number");
        return dflt;
      }
      return v.numberValue();
    }

    Duration duration(JsonNode parent, String field, String path, Duration dflt) {
      String text = string(parent, field, path, false);
      if (text == null) {
        return dflt;
      }
      Duration d;
      try {
        d = Durations.parse(text);
      } catch (IllegalArgumentException e) {
        error(path, "format:duration", e.getMessage());
        return dflt;
      }
      if (d.isNegative()) {
        error(path, "min:0", "Expected " + path + " not to be negative, but got '" + text + "'");
        return dflt;
      }
      return d;
    }

    boolean object(JsonNode node, String path, Set<String> fields) {
      if (!node.isObject()) {
        error(path, "type:object", "Expected " + path + " to be an object");
        return false;
      }
      if (fields != null) {
        node.fieldNames().forEachRemaining(f -> {
          if (!fields.contains(f)) {
            error(path + "." + f, "unknown-field", "Unknown field '" + f + "'; expected one of " + new java.util.TreeSet<>(fields));
          }
        });
      }
      return true;
    }

    <T> Set<T> strings(JsonNode parent, String field, String path, Function<String, Optional<T>> convert, String expected) {
      JsonNode v = parent.get(field);
      Set<T> out = new LinkedHashSet<>();
      if (v == null || v.isNull()) {
        return out;
      }
      if (!v.isArray()) {
        error(path, "type:array", "Expected " + path + " to be a list of strings");
        return out;
      }
      for (int i = 0; i < v.size(); i++) {
        JsonNode item = v.get(i);
        Optional<T> t = item.isTextual() ? convert.apply(item.asText()) : Optional.empty();
        if (t.isEmpty()) {
          error(path + "[" + i + "]", "one-of", "Expected " + expected);
        } else {
          out.add(t.get());
        }
      }
      return out;
    }

    EventSelector events(JsonNode node) {
      if (node == null || node.isNull()) {
        return EventSelector.ALL;
      }
      if (!object(node, "events", Set.of("types", "names"))) {
        return EventSelector.ALL;
      }
      Set<EventType> types =
          strings(node, "types", "events.types", EventType::fromSpecName, "one of track, identify, page, screen, group, alias");
      Set<String> names =
          strings(node, "names", "events.names", s -> s.isEmpty() ? Optional.empty() : Optional.of(s), "a non-empty event name");
      return new EventSelector(types, names);
    }

    TransportSpec transport(JsonNode node) {
      if (node == null || node.isNull()) {
        error("transport", "required", "Expected transport to be set, e.g. {type: http, url: ...}");
        return new TransportSpec("invalid", Map.of());
      }
      if (!object(node, "transport", null)) {
        return new TransportSpec("invalid", Map.of());
      }
      String type = string(node, "type", "transport.type", true);
      Map<String, Object> options = new LinkedHashMap<>();
      node.properties().forEach(e -> {
        if (!e.getKey().equals("type")) {
          options.put(e.getKey(), MAPPER.convertValue(e.getValue(), Object.class));
        }
      });
      options.values().removeIf(java.util.Objects::isNull);
      return new TransportSpec(type == null ? "invalid" : type, options);
    }

    DeliveryMode delivery(JsonNode node) {
      if (node == null || node.isNull()) {
        return new DeliveryMode.Realtime();
      }
      if (!object(node, "delivery", Set.of("mode", "window", "max-size"))) {
        return new DeliveryMode.Realtime();
      }
      String mode = string(node, "mode", "delivery.mode", false);
      if (mode == null || mode.equals("realtime")) {
        if (node.has("window") || node.has("max-size")) {
          error("delivery.mode", "batch-options", "Expected delivery.mode batch when window or max-size is set");
        }
        return new DeliveryMode.Realtime();
      }
      if (!mode.equals("batch")) {
        error("delivery.mode", "one-of", "Expected delivery.mode to be realtime or batch");
        return new DeliveryMode.Realtime();
      }
      Duration window = duration(node, "window", "delivery.window", null);
      if (window == null) {
        if (!node.has("window")) {
          error("delivery.window", "required", "Expected delivery.window (e.g. 24h) in batch mode");
        }
        return new DeliveryMode.Realtime();
      }
      if (window.toMillis() < 1000) {
        error("delivery.window", "min:1s", "Expected delivery.window to be at least 1s");
        return new DeliveryMode.Realtime();
      }
      int maxSize = number(node, "max-size", "delivery.max-size", 10_000, 1, 10_000_000).intValue();
      return new DeliveryMode.Batch(window, maxSize);
    }

    RetryPolicy retry(JsonNode node) {
      RetryPolicy d = RetryPolicy.DEFAULT;
      if (node == null || node.isNull()) {
        return d;
      }
      if (!object(node, "retry", Set.of("max-attempts", "max-age", "initial-backoff", "max-backoff"))) {
        return d;
      }
      int attempts = number(node, "max-attempts", "retry.max-attempts", d.maxAttempts(), 1, 1000).intValue();
      Duration maxAge = duration(node, "max-age", "retry.max-age", d.maxAge());
      Duration initial = duration(node, "initial-backoff", "retry.initial-backoff", d.initialBackoff());
      Duration max = duration(node, "max-backoff", "retry.max-backoff", d.maxBackoff());
      if (max.compareTo(initial) < 0) {
        error("retry.max-backoff", "min:initial-backoff", "Expected retry.max-backoff to be at least retry.initial-backoff");
        return d;
      }
      return new RetryPolicy(attempts, maxAge, initial, max);
    }
  }
}
