package io.tributary.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Checks the fields of one Segment message, its type known, and builds the {@link Event}: the rules
 * and the timestamp arithmetic that {@link SegmentParser} documents. Thread-safe when the message
 * id generator is.
 */
final class EventAssembler {

  private final Supplier<String> messageIds;

  EventAssembler(Supplier<String> messageIds) {
    this.messageIds = messageIds;
  }

  /**
   * Reads and checks every field of a message whose type is {@code type}, or whose type is unknown
   * when {@code type} is null (then only the fields common to all types are checked, and an error
   * about the type has been recorded already).
   */
  ParseResult assemble(
      MessageReader in,
      EventType type,
      String sourceId,
      Instant receivedAt,
      BatchDefaults defaults) {
    String userId = in.id("userId", SegmentParser.MAX_ID_LENGTH);
    String anonymousId = in.id("anonymousId", SegmentParser.MAX_ID_LENGTH);
    if (type == EventType.ALIAS) {
      requirePresent(in, "userId", userId, "an alias message to have a non-blank userId");
    } else if (userId == null
        && anonymousId == null
        && !in.failed("userId")
        && !in.failed("anonymousId")) {
      in.error(
          "userId", "required", "Expected a non-blank userId or anonymousId, but found neither.");
    }
    String messageId = in.text("messageId", SegmentParser.MAX_ID_LENGTH);
    TypeFields fields = type == null ? TypeFields.NONE : readTypeFields(in, type);
    ObjectNode context = merge(defaults.context(), in.object("context"));
    JsonNode contextTraits = context.get("traits");
    if (contextTraits != null && !contextTraits.isNull() && !contextTraits.isObject()) {
      in.error(
          "context.traits",
          "type:object",
          "Expected context.traits to be a JSON object, but found "
              + MessageReader.describe(contextTraits)
              + ".");
    }
    ObjectNode integrations = merge(defaults.integrations(), in.object("integrations"));
    Instant timestamp = in.instant("timestamp");
    Instant originalTimestamp = in.instant("originalTimestamp");
    Instant sentAt = in.value("sentAt") == null ? defaults.sentAt() : in.instant("sentAt");
    if (in.hasErrors()) {
      return new ParseResult.Rejected(in.errors());
    }
    Instant sendersTime = timestamp != null ? timestamp : originalTimestamp;
    return new ParseResult.Accepted(
        new Event(
            type,
            messageId == null || messageId.isBlank() ? messageIds.get() : messageId,
            sourceId,
            userId,
            anonymousId,
            fields.event(),
            fields.name(),
            fields.category(),
            fields.groupId(),
            fields.previousId(),
            correctedTimestamp(sendersTime, sentAt, receivedAt),
            sendersTime,
            sentAt,
            receivedAt,
            orEmpty(fields.properties()),
            orEmpty(fields.traits()),
            context,
            integrations));
  }

  private static TypeFields readTypeFields(MessageReader in, EventType type) {
    return switch (type) {
      case TRACK -> {
        String event = in.text("event", SegmentParser.MAX_NAME_LENGTH);
        requirePresent(in, "event", event, "a track message to have a non-blank event name");
        yield new TypeFields(event, null, null, null, null, in.object("properties"), null);
      }
      case IDENTIFY -> new TypeFields(null, null, null, null, null, null, in.object("traits"));
      case PAGE, SCREEN ->
          new TypeFields(
              null,
              in.text("name", SegmentParser.MAX_NAME_LENGTH),
              in.text("category", SegmentParser.MAX_NAME_LENGTH),
              null,
              null,
              in.object("properties"),
              null);
      case GROUP -> {
        String groupId = in.id("groupId", SegmentParser.MAX_ID_LENGTH);
        requirePresent(in, "groupId", groupId, "a group message to have a non-blank groupId");
        yield new TypeFields(null, null, null, groupId, null, null, in.object("traits"));
      }
      case ALIAS -> {
        String previousId = in.id("previousId", SegmentParser.MAX_ID_LENGTH);
        requirePresent(
            in, "previousId", previousId, "an alias message to have a non-blank previousId");
        yield new TypeFields(null, null, null, null, previousId, null, null);
      }
    };
  }

  private static void requirePresent(
      MessageReader in, String field, String value, String expectation) {
    if ((value == null || value.isBlank()) && !in.failed(field)) {
      in.error(field, "required", "Expected " + expectation + ", but found none.");
    }
  }

  /** Segment's clock-skew correction, as {@link SegmentParser} documents it. */
  static Instant correctedTimestamp(Instant sendersTime, Instant sentAt, Instant receivedAt) {
    if (sendersTime == null) {
      return receivedAt;
    }
    if (sentAt == null) {
      return sendersTime;
    }
    return receivedAt.minus(Duration.between(sendersTime, sentAt));
  }

  /** Top-level keys of {@code batchLevel}, overridden by those of {@code own}. */
  private static ObjectNode merge(ObjectNode batchLevel, ObjectNode own) {
    if (batchLevel == null || batchLevel.isEmpty()) {
      return orEmpty(own);
    }
    ObjectNode merged = JsonNodeFactory.instance.objectNode();
    merged.setAll(batchLevel);
    if (own != null) {
      merged.setAll(own);
    }
    return merged;
  }

  private static ObjectNode orEmpty(ObjectNode object) {
    return object != null ? object : JsonNodeFactory.instance.objectNode();
  }

  /** The fields only some types have; all nullable. */
  private record TypeFields(
      String event,
      String name,
      String category,
      String groupId,
      String previousId,
      ObjectNode properties,
      ObjectNode traits) {
    static final TypeFields NONE = new TypeFields(null, null, null, null, null, null, null);
  }
}
