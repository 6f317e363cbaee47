package io.tributary.core.event;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Objects;

/**
 * Turns {@link Event}s into bytes for the event log and back.
 *
 * <p>The bytes are compact UTF-8 JSON in the Segment message shape: {@code type}, {@code
 * messageId}, {@code sourceId} (the hub's), {@code userId}, {@code anonymousId}, {@code event},
 * {@code name}, {@code category}, {@code groupId}, {@code previousId}, {@code timestamp}, {@code
 * originalTimestamp}, {@code sentAt}, {@code receivedAt}, {@code properties}, {@code traits},
 * {@code context}, {@code integrations}. Null fields are left out; the four objects are always
 * written. Instants are ISO-8601 in UTC with all their digits ({@link Instant#toString()}).
 *
 * <p>{@code decode(encode(e))} equals {@code e} for every event whose JSON trees hold the node
 * types Jackson's default parser builds (int, long or big-integer nodes by magnitude, double nodes
 * for fractions; {@link SegmentParser} output always does). A float, short or small long node built
 * by hand comes back as the node type its text parses to. Decoding skips fields it does not know,
 * so that a newer writer's records stay readable.
 *
 * <p>All methods are static, thread-safe, and share one Jackson configuration.
 */
public final class EventCodec {

  private static final int INITIAL_BUFFER_BYTES = 512;

  private EventCodec() {}

  /**
   * Encodes an event.
   *
   * @param event the event, not null
   * @return a new array holding the event as compact UTF-8 JSON
   */
  public static byte[] encode(Event event) {
    Objects.requireNonNull(event, "event");
    try (ByteArrayBuilder out = new ByteArrayBuilder(INITIAL_BUFFER_BYTES);
        JsonGenerator json = JsonSupport.WRITER.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("type", event.type().specName());
      json.writeStringField("messageId", event.messageId());
      json.writeStringField("sourceId", event.sourceId());
      writeIfPresent(json, "userId", event.userId());
      writeIfPresent(json, "anonymousId", event.anonymousId());
      writeIfPresent(json, "event", event.event());
      writeIfPresent(json, "name", event.name());
      writeIfPresent(json, "category", event.category());
      writeIfPresent(json, "groupId", event.groupId());
      writeIfPresent(json, "previousId", event.previousId());
      writeIfPresent(json, "timestamp", event.timestamp());
      writeIfPresent(json, "originalTimestamp", event.originalTimestamp());
      writeIfPresent(json, "sentAt", event.sentAt());
      writeIfPresent(json, "receivedAt", event.receivedAt());
      writeTree(json, "properties", event.properties());
      writeTree(json, "traits", event.traits());
      writeTree(json, "context", event.context());
      writeTree(json, "integrations", event.integrations());
      json.writeEndObject();
      json.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Writing an event to memory cannot fail, but it did", e);
    }
  }

  /**
   * Decodes what {@link #encode} wrote.
   *
   * @param bytes an encoded event, not null
   * @return the event
   * @throws IllegalArgumentException when the bytes are not an encoded event; the message names the
   *     problem and where, never the content
   */
  public static Event decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    try (JsonParser json = JsonSupport.READER.createParser(bytes)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw corrupt("Expected an encoded event to be a JSON object, but it is not");
      }
      Event event = new EventFields(json).read();
      if (json.nextToken() != null) {
        throw corrupt(
            "Expected an encoded event to end after its object, but found more at byte "
                + offset(json.currentLocation()));
      }
      return event;
    } catch (JacksonException e) {
      throw corrupt(
          "Expected an encoded event to be well-formed JSON, but it is not ("
              + e.getClass().getSimpleName()
              + " at byte "
              + offset(e.getLocation())
              + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("Reading an event from memory cannot fail, but it did", e);
    }
  }

  /**
   * The event in the same shape as {@link #encode} writes, as a new tree that shares nothing with
   * the event (changing it leaves the event as it was).
   */
  public static ObjectNode toJson(Event event) {
    Objects.requireNonNull(event, "event");
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("type", event.type().specName());
    json.put("messageId", event.messageId());
    json.put("sourceId", event.sourceId());
    putIfPresent(json, "userId", event.userId());
    putIfPresent(json, "anonymousId", event.anonymousId());
    putIfPresent(json, "event", event.event());
    putIfPresent(json, "name", event.name());
    putIfPresent(json, "category", event.category());
    putIfPresent(json, "groupId", event.groupId());
    putIfPresent(json, "previousId", event.previousId());
    putIfPresent(json, "timestamp", event.timestamp());
    putIfPresent(json, "originalTimestamp", event.originalTimestamp());
    putIfPresent(json, "sentAt", event.sentAt());
    putIfPresent(json, "receivedAt", event.receivedAt());
    json.set("properties", event.properties().deepCopy());
    json.set("traits", event.traits().deepCopy());
    json.set("context", event.context().deepCopy());
    json.set("integrations", event.integrations().deepCopy());
    return json;
  }

  private static void writeIfPresent(JsonGenerator json, String field, String value)
      throws IOException {
    if (value != null) {
      json.writeStringField(field, value);
    }
  }

  private static void writeIfPresent(JsonGenerator json, String field, Instant value)
      throws IOException {
    if (value != null) {
      json.writeStringField(field, CanonicalInstants.format(value));
    }
  }

  private static void writeTree(JsonGenerator json, String field, ObjectNode value)
      throws IOException {
    json.writeFieldName(field);
    JsonSupport.WRITER.writeValue(json, value);
  }

  private static void putIfPresent(ObjectNode json, String field, String value) {
    if (value != null) {
      json.put(field, value);
    }
  }

  private static void putIfPresent(ObjectNode json, String field, Instant value) {
    if (value != null) {
      json.put(field, CanonicalInstants.format(value));
    }
  }

  private static IllegalArgumentException corrupt(String problem) {
    return new IllegalArgumentException(problem);
  }

  private static long offset(JsonLocation location) {
    return location == null ? -1 : location.getByteOffset();
  }

  /** Reads the fields of one encoded event, the parser standing on its opening brace. */
  private static final class EventFields {
    private final JsonParser json;
    private EventType type;
    private String messageId;
    private String sourceId;
    private String userId;
    private String anonymousId;
    private String event;
    private String name;
    private String category;
    private String groupId;
    private String previousId;
    private Instant timestamp;
    private Instant originalTimestamp;
    private Instant sentAt;
    private Instant receivedAt;
    private ObjectNode properties;
    private ObjectNode traits;
    private ObjectNode context;
    private ObjectNode integrations;

    EventFields(JsonParser json) {
      this.json = json;
    }

    Event read() throws IOException {
      String field;
      while ((field = json.nextFieldName()) != null) {
        json.nextToken();
        switch (field) {
          case "type" -> type = type(text(field));
          case "messageId" -> messageId = text(field);
          case "sourceId" -> sourceId = text(field);
          case "userId" -> userId = text(field);
          case "anonymousId" -> anonymousId = text(field);
          case "event" -> event = text(field);
          case "name" -> name = text(field);
          case "category" -> category = text(field);
          case "groupId" -> groupId = text(field);
          case "previousId" -> previousId = text(field);
          case "timestamp" -> timestamp = instant(field);
          case "originalTimestamp" -> originalTimestamp = instant(field);
          case "sentAt" -> sentAt = instant(field);
          case "receivedAt" -> receivedAt = instant(field);
          case "properties" -> properties = object(field);
          case "traits" -> traits = object(field);
          case "context" -> context = object(field);
          case "integrations" -> integrations = object(field);
          default -> json.skipChildren();
        }
      }
      if (json.currentToken() != JsonToken.END_OBJECT) {
        throw corrupt("Expected a field name or the end of the encoded event, but found neither");
      }
      require("type", type);
      require("messageId", messageId);
      require("sourceId", sourceId);
      require("timestamp", timestamp);
      require("receivedAt", receivedAt);
      if (userId == null && anonymousId == null) {
        throw corrupt(
            "Expected an encoded event to have a userId or an anonymousId, but found neither");
      }
      return new Event(
          type,
          messageId,
          sourceId,
          userId,
          anonymousId,
          event,
          name,
          category,
          groupId,
          previousId,
          timestamp,
          originalTimestamp,
          sentAt,
          receivedAt,
          orEmpty(properties),
          orEmpty(traits),
          orEmpty(context),
          orEmpty(integrations));
    }

    private String text(String field) throws IOException {
      return switch (json.currentToken()) {
        case VALUE_STRING -> json.getText();
        case VALUE_NULL -> null;
        default ->
            throw corrupt(
                "Expected " + field + " of an encoded event to be a string, but it is not");
      };
    }

    private static EventType type(String text) {
      return text == null
          ? null
          : EventType.fromSpecName(text)
              .orElseThrow(
                  () ->
                      corrupt(
                          "Expected type of an encoded event to be one of the six, but it is not"));
    }

    private Instant instant(String field) throws IOException {
      String text = text(field);
      if (text == null) {
        return null;
      }
      try {
        return CanonicalInstants.parse(text);
      } catch (DateTimeException e) {
        throw corrupt(
            "Expected " + field + " of an encoded event to be an ISO-8601 instant, but it is not");
      }
    }

    private ObjectNode object(String field) throws IOException {
      if (json.currentToken() == JsonToken.VALUE_NULL) {
        return null;
      }
      if (json.currentToken() != JsonToken.START_OBJECT) {
        throw corrupt(
            "Expected " + field + " of an encoded event to be a JSON object, but it is not");
      }
      JsonNode tree = JsonSupport.READER.readTree(json);
      return (ObjectNode) tree;
    }

    private static void require(String field, Object value) {
      if (value == null) {
        throw corrupt("Expected an encoded event to have " + field + ", but it has none");
      }
    }

    private static ObjectNode orEmpty(ObjectNode object) {
      return object != null ? object : JsonNodeFactory.instance.objectNode();
    }
  }
}
