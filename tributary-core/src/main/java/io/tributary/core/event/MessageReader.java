package io.tributary.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields of one JSON object, collecting every broken rule instead of stopping at the
 * first. Error messages name the field and the kind of value found, never the value itself: it may
 * be personal data.
 *
 * <p>A field that is missing and a field that is JSON {@code null} are the same: absent. Not
 * thread-safe; one reader per message.
 */
final class MessageReader {

  /** The field path of the message as a whole. */
  static final String ROOT = "$";

  private final ObjectNode message;
  private final List<FieldError> errors = new ArrayList<>();

  MessageReader(ObjectNode message) {
    this.message = message;
  }

  /** Every error recorded so far, in order. */
  List<FieldError> errors() {
    return errors;
  }

  /** Whether an error about {@code field} has been recorded. */
  boolean failed(String field) {
    for (FieldError error : errors) {
      if (error.field().equals(field)) {
        return true;
      }
    }
    return false;
  }

  boolean hasErrors() {
    return !errors.isEmpty();
  }

  void error(String field, String rule, String message) {
    errors.add(new FieldError(field, rule, message));
  }

  /** The field's value, or null when it is missing or JSON null. */
  JsonNode value(String field) {
    JsonNode value = message.get(field);
    return value == null || value.isNull() ? null : value;
  }

  /**
   * An identifier: a string, or an integer taken in its decimal form (some Segment libraries send
   * numeric ids). Blank strings count as absent: they identify no one.
   *
   * @return the identifier, or null when absent, blank or invalid (then an error is recorded)
   */
  String id(String field, int maxLength) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    String text;
    if (value.isTextual()) {
      text = value.textValue();
    } else if (value.isIntegralNumber()) {
      text = value.asText();
    } else {
      error(
          field,
          "type:string",
          "Expected "
              + field
              + " to be a string or an integer, but found "
              + describe(value)
              + ".");
      return null;
    }
    if (text.isBlank()) {
      return null;
    }
    return withinLength(field, text, maxLength) ? text : null;
  }

  /**
   * A string, kept as given.
   *
   * @return the string, or null when absent or invalid (then an error is recorded)
   */
  String text(String field, int maxLength) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      error(
          field,
          "type:string",
          "Expected " + field + " to be a string, but found " + describe(value) + ".");
      return null;
    }
    String text = value.textValue();
    return withinLength(field, text, maxLength) ? text : null;
  }

  /**
   * A JSON object whose numbers are all finite.
   *
   * @return the object, or null when absent or invalid (then an error is recorded)
   */
  ObjectNode object(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    if (!value.isObject()) {
      error(
          field,
          "type:object",
          "Expected " + field + " to be a JSON object, but found " + describe(value) + ".");
      return null;
    }
    ObjectNode object = (ObjectNode) value;
    int before = errors.size();
    requireFiniteNumbers(field, object);
    return errors.size() == before ? object : null;
  }

  /**
   * An ISO-8601 date-time as {@link IsoTimestamps} accepts it.
   *
   * @return the instant, or null when absent or invalid (then an error is recorded)
   */
  Instant instant(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      error(
          field,
          "type:string",
          "Expected "
              + field
              + " to be an ISO-8601 date-time string, but found "
              + describe(value)
              + ".");
      return null;
    }
    Instant instant = IsoTimestamps.parse(value.textValue());
    if (instant == null) {
      error(
          field,
          "format:iso-8601",
          "Expected "
              + field
              + " to be an ISO-8601 date-time with a UTC offset and a four-digit year, like "
              + IsoTimestamps.EXAMPLE
              + ", but found a string in another format.");
    }
    return instant;
  }

  private boolean withinLength(String field, String text, int maxLength) {
    if (text.indexOf('\u0000') >= 0) {
      // Never meaningful in an id or a name, and PostgreSQL cannot store it in a text column.
      error(field, "no-nul", "Expected " + field + " to contain no NUL character (U+0000), but it does.");
      return false;
    }
    if (text.length() <= maxLength) {
      return true;
    }
    int length = text.codePointCount(0, text.length());
    if (length <= maxLength) {
      return true;
    }
    error(
        field,
        "max-length:" + maxLength,
        "Expected "
            + field
            + " to have at most "
            + maxLength
            + " characters, but found "
            + length
            + ".");
    return false;
  }

  /**
   * Records an error for every floating-point number under {@code root} that is not finite. Jackson
   * parses numbers beyond the range of a double, such as {@code 1e400}, as infinity, which JSON
   * cannot represent: stored, it would come back as a different value. Iterative, so that no
   * nesting depth can exhaust the stack; errors come in document order.
   */
  private void requireFiniteNumbers(String rootPath, JsonNode root) {
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(rootPath, root));
    List<Frame> children = new ArrayList<>();
    while (!stack.isEmpty()) {
      Frame frame = stack.pop();
      JsonNode node = frame.node();
      if (node.isObject()) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          if (mayHoldNonFinite(field.getValue())) {
            children.add(new Frame(frame.path() + "." + field.getKey(), field.getValue()));
          }
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          if (mayHoldNonFinite(node.get(i))) {
            children.add(new Frame(frame.path() + "[" + i + "]", node.get(i)));
          }
        }
      } else if (!Double.isFinite(node.doubleValue())) {
        error(
            frame.path(),
            "finite-number",
            "Expected "
                + frame.path()
                + " to be a finite number, but found one beyond the range of a 64-bit"
                + " floating-point value.");
      }
      for (int i = children.size() - 1; i >= 0; i--) {
        stack.push(children.get(i));
      }
      children.clear();
    }
  }

  /** Containers, and the binary floating-point nodes (decimal nodes hold any number exactly). */
  private static boolean mayHoldNonFinite(JsonNode node) {
    return node.isContainerNode() || node.isDouble() || node.isFloat();
  }

  private record Frame(String path, JsonNode node) {}

  /** The kind of a JSON value, with its article, for error messages. */
  static String describe(JsonNode value) {
    return switch (value.getNodeType()) {
      case OBJECT, POJO -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "nothing";
      case BINARY -> "binary data";
    };
  }
}
