package io.tributary.connectors.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tributary.core.delivery.OutboundMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns a message's payload, a JSON object, into the row it upserts: with a column mapping, the
 * mapped fields that the payload has; without one, every top-level field as the column of its
 * name. A field that is absent is not written (an existing row keeps its value), a field that is
 * null writes NULL. The key columns come first, in key order, the others by name.
 */
final class RowMapping {
  private static final ObjectReader JSON = JsonMapper.builder().build().reader();

  private final List<String> key;
  private final Map<String, String> fieldOfColumn;

  /**
   * @param fieldOfColumn column to payload field; empty for every field as the column of its name
   */
  RowMapping(List<String> key, Map<String, String> fieldOfColumn) {
    this.key = List.copyOf(key);
    this.fieldOfColumn = Map.copyOf(fieldOfColumn);
  }

  /** @throws InvalidPayload if the payload is no JSON object or has no value for a key column */
  Row rowOf(OutboundMessage m) throws InvalidPayload {
    JsonNode payload;
    try {
      payload = JSON.readTree(m.payload());
    } catch (IOException e) {
      throw new InvalidPayload(m, "expected the payload to be a JSON object, but it is not JSON");
    }
    if (payload == null || !payload.isObject()) {
      throw new InvalidPayload(m, "expected the payload to be a JSON object, but it is "
          + (payload == null || payload.isMissingNode() ? "empty" : "a JSON " + payload.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
    Map<String, JsonNode> valueOfColumn = new TreeMap<>();
    if (fieldOfColumn.isEmpty()) {
      for (var field : payload.properties()) {
        if (!Identifiers.isColumn(field.getKey())) {
          throw new InvalidPayload(m, "expected every field of the payload to name a column (" + Identifiers.PATTERN
              + "), but the field '" + field.getKey() + "' cannot");
        }
        valueOfColumn.put(field.getKey(), field.getValue());
      }
    } else {
      fieldOfColumn.forEach((column, field) -> {
        if (payload.has(field)) {
          valueOfColumn.put(column, payload.get(field));
        }
      });
    }
    List<String> columns = new ArrayList<>(valueOfColumn.size());
    List<JsonNode> values = new ArrayList<>(valueOfColumn.size());
    for (String column : key) {
      JsonNode value = valueOfColumn.remove(column);
      if (value == null || value.isNull()) {
        throw new InvalidPayload(m, "expected the payload to have a value for the key column '" + column
            + "' (field '" + fieldOfColumn.getOrDefault(column, column) + "'), but it has none");
      }
      columns.add(column);
      values.add(value);
    }
    columns.addAll(valueOfColumn.keySet());
    values.addAll(valueOfColumn.values());
    return new Row(columns, values);
  }

  /** A payload that no send can write; the message names the field, never its value. */
  static final class InvalidPayload extends Exception {
    InvalidPayload(OutboundMessage m, String problem) {
      super("message " + m.id() + ": " + Objects.requireNonNull(problem, "problem"), null, false, false);
    }
  }
}
