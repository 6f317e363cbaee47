package io.tributary.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Validates Segment-spec messages (HTTP Tracking API: {@code /v1/track}, {@code /v1/identify},
 * {@code /v1/page}, {@code /v1/screen}, {@code /v1/group}, {@code /v1/alias} and {@code /v1/batch})
 * and turns the valid ones into {@link Event}s.
 *
 * <h2>Rules</h2>
 *
 * Every broken rule of a message is reported, each as a {@link FieldError} whose field is the JSON
 * path within the message ({@code $} for the message as a whole). A field that is missing and a
 * field that is JSON {@code null} are both absent.
 *
 * <ul>
 *   <li>The message must be a JSON object ({@code type:object}) of at most {@code maxEventBytes}
 *       bytes as compact UTF-8 JSON ({@code max-size:<n>}, checked first and alone).
 *   <li>{@code userId} or {@code anonymousId} must be present and not blank ({@code required});
 *       {@code alias} needs {@code userId} and {@code previousId}; {@code group} needs {@code
 *       groupId}. Identifiers are strings or integers (taken in their decimal form; {@code
 *       type:string}), at most {@value #MAX_ID_LENGTH} characters ({@code max-length:<n>}). Blank
 *       identifiers count as absent.
 *   <li>{@code track} needs a non-blank string {@code event}; {@code page} and {@code screen} may
 *       have string {@code name} and {@code category}; all at most {@value #MAX_NAME_LENGTH}
 *       characters.
 *   <li>{@code properties} (track, page, screen), {@code traits} (identify, group), {@code
 *       context}, {@code context.traits} and {@code integrations} must be JSON objects when present
 *       ({@code type:object}); absent ones become empty objects. Their numbers must be finite
 *       ({@code finite-number}: JSON has no infinity, so {@code 1e400} could not be stored).
 *   <li>{@code timestamp}, {@code originalTimestamp} and {@code sentAt} must be ISO-8601 date-time
 *       strings with a UTC offset ({@code format:iso-8601}); see {@link IsoTimestamps} for exactly
 *       which.
 *   <li>{@code messageId} is a string of at most {@value #MAX_ID_LENGTH} characters; when absent or
 *       blank, the hub generates one.
 *   <li>On a single-message endpoint, a {@code type} in the body must name the endpoint's type; in
 *       a batch, every item needs a {@code type} naming one of the six ({@code required}, {@code
 *       one-of:track|identify|page|screen|group|alias}).
 *   <li>Everything else is ignored, as the spec asks: unknown fields, fields of other types (say,
 *       {@code properties} on an identify), {@code writeKey} (never stored), and fields the hub
 *       sets itself, such as {@code receivedAt}.
 * </ul>
 *
 * <h2>Timestamps</h2>
 *
 * Following Segment's spec (<a
 * href="https://segment.com/docs/connections/spec/common/#timestamps">Common fields:
 * Timestamps</a>), the sender's time of the event is its {@code timestamp}, or when it gave none
 * its {@code originalTimestamp}; {@code sentAt} is the message's own, or else the batch's.
 *
 * <ul>
 *   <li>Sender's time and {@code sentAt} both given: {@code timestamp = receivedAt - (sentAt -
 *       sender's time)}. The sender's clock may be wrong, but {@code sentAt} and {@code receivedAt}
 *       are taken to be the same moment, so their difference is the clock's skew and is taken off.
 *   <li>Only the sender's time: {@code timestamp} is the sender's time as is (historical import).
 *   <li>Only {@code sentAt}, or neither: {@code timestamp = receivedAt}.
 * </ul>
 *
 * In every case {@code originalTimestamp} is the sender's time (null when none), {@code sentAt} as
 * given (null when none) and {@code receivedAt} the hub's.
 *
 * <h2>Sharing</h2>
 *
 * Accepted events share JSON nodes with the parsed message: the caller must not change the message
 * tree afterwards. Instances are immutable and thread-safe when the message id generator is.
 */
public final class SegmentParser {

  /** The largest message the Segment HTTP API takes, 32 KB, in bytes of compact JSON. */
  public static final int DEFAULT_MAX_EVENT_BYTES = 32_768;

  /** The longest identifier accepted, in characters (Unicode code points). */
  public static final int MAX_ID_LENGTH = 1024;

  /** The longest event, page or screen name or category accepted, in characters. */
  public static final int MAX_NAME_LENGTH = 1024;

  private static final List<String> TYPE_NAMES =
      Arrays.stream(EventType.values()).map(EventType::specName).toList();
  private static final String ANY_TYPE_RULE = "one-of:" + String.join("|", TYPE_NAMES);
  private static final String ANY_TYPE_TEXT = String.join(", ", TYPE_NAMES);

  private final int maxEventBytes;
  private final EventAssembler assembler;

  /**
   * A parser that gives messages without a {@code messageId} a time-ordered random UUID (version 7)
   * taken from {@code clock}.
   *
   * @param clock the hub's clock, for generated message ids
   * @param maxEventBytes the largest message accepted, in bytes of compact JSON; positive (the
   *     server uses {@link #DEFAULT_MAX_EVENT_BYTES})
   */
  public SegmentParser(InstantSource clock, int maxEventBytes) {
    this(maxEventBytes, new MessageIds(clock));
  }

  /**
   * A parser with its own message id generator, say a predictable one for tests.
   *
   * @param maxEventBytes the largest message accepted, in bytes of compact JSON; positive
   * @param messageIdGenerator makes the {@code messageId} of messages that have none; must return a
   *     new non-blank string on every call and be thread-safe if the parser is shared
   */
  public SegmentParser(int maxEventBytes, Supplier<String> messageIdGenerator) {
    if (maxEventBytes <= 0) {
      throw new IllegalArgumentException(
          "Expected maxEventBytes to be positive, but it is " + maxEventBytes);
    }
    this.maxEventBytes = maxEventBytes;
    this.assembler =
        new EventAssembler(Objects.requireNonNull(messageIdGenerator, "messageIdGenerator"));
  }

  /**
   * Parses the body of a single-message endpoint.
   *
   * @param message the request body as a tree
   * @param endpointType the type the endpoint stands for; a {@code type} in the body must agree
   * @param sourceId the source whose write key the request carried
   * @param receivedAt when the hub received the request
   * @return the event, or every rule the message broke; never null
   */
  public ParseResult parse(
      JsonNode message, EventType endpointType, String sourceId, Instant receivedAt) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(endpointType, "endpointType");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(receivedAt, "receivedAt");
    if (!message.isObject()) {
      return new ParseResult.Rejected(List.of(notAnObject("the message", message)));
    }
    ObjectNode object = (ObjectNode) message;
    FieldError tooLarge = sizeError(object);
    if (tooLarge != null) {
      return new ParseResult.Rejected(List.of(tooLarge));
    }
    MessageReader in = new MessageReader(object);
    checkDeclaredType(in, endpointType);
    return assembler.assemble(in, endpointType, sourceId, receivedAt, BatchDefaults.NONE);
  }

  /**
   * Parses the body of {@code /v1/batch}: {@code {"batch": [...], "context": {...}, "integrations":
   * {...}, "sentAt": "..."}}.
   *
   * <p>The batch-level {@code context} and {@code integrations} are merged into each item key by
   * key: an item's own top-level key replaces the batch's value for that key whole, other batch
   * keys are added (batch {@code context.library} and item {@code context.ip} both survive). The
   * batch-level {@code sentAt} applies to items without their own. Each item is checked against
   * {@code maxEventBytes} as it was sent, before merging.
   *
   * @param body the request body as a tree
   * @param sourceId the source whose write key the request carried
   * @param receivedAt when the hub received the request
   * @return the accepted and rejected items, or the errors that refused the body as a whole
   */
  public BatchResult parseBatch(JsonNode body, String sourceId, Instant receivedAt) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(receivedAt, "receivedAt");
    if (!body.isObject()) {
      return BatchResult.refused(List.of(notAnObject("the batch body", body)));
    }
    MessageReader in = new MessageReader((ObjectNode) body);
    JsonNode items = in.value("batch");
    if (items == null) {
      in.error("batch", "required", "Expected batch to be an array of messages, but found none.");
    } else if (!items.isArray()) {
      in.error(
          "batch",
          "type:array",
          "Expected batch to be an array of messages, but found "
              + MessageReader.describe(items)
              + ".");
    } else if (items.isEmpty()) {
      in.error(
          "batch",
          "min-items:1",
          "Expected batch to hold at least one message, but found an empty array.");
    }
    BatchDefaults defaults =
        new BatchDefaults(in.object("context"), in.object("integrations"), in.instant("sentAt"));
    if (in.hasErrors()) {
      return BatchResult.refused(in.errors());
    }
    List<BatchResult.AcceptedItem> accepted = new ArrayList<>(items.size());
    List<BatchResult.RejectedItem> rejected = new ArrayList<>();
    for (int index = 0; index < items.size(); index++) {
      switch (parseItem(items.get(index), sourceId, receivedAt, defaults)) {
        case ParseResult.Accepted a -> accepted.add(new BatchResult.AcceptedItem(index, a.event()));
        case ParseResult.Rejected r ->
            rejected.add(new BatchResult.RejectedItem(index, r.errors()));
      }
    }
    return new BatchResult(accepted, rejected, List.of());
  }

  private ParseResult parseItem(
      JsonNode item, String sourceId, Instant receivedAt, BatchDefaults defaults) {
    if (!item.isObject()) {
      return new ParseResult.Rejected(List.of(notAnObject("the message", item)));
    }
    ObjectNode object = (ObjectNode) item;
    FieldError tooLarge = sizeError(object);
    if (tooLarge != null) {
      return new ParseResult.Rejected(List.of(tooLarge));
    }
    MessageReader in = new MessageReader(object);
    return assembler.assemble(in, itemType(in), sourceId, receivedAt, defaults);
  }

  private static void checkDeclaredType(MessageReader in, EventType endpointType) {
    JsonNode declared = in.value("type");
    if (declared == null) {
      return;
    }
    if (!declared.isTextual()) {
      in.error(
          "type",
          "type:string",
          "Expected type to be a string, but found " + MessageReader.describe(declared) + ".");
    } else if (!declared.textValue().equals(endpointType.specName())) {
      in.error(
          "type",
          "one-of:" + endpointType.specName(),
          "Expected type to be "
              + endpointType.specName()
              + " as the endpoint says, but found another value.");
    }
  }

  /** The item's declared type, or null when it has no valid one (then an error is recorded). */
  private static EventType itemType(MessageReader in) {
    JsonNode declared = in.value("type");
    if (declared == null) {
      in.error(
          "type", "required", "Expected type to be one of " + ANY_TYPE_TEXT + ", but found none.");
      return null;
    }
    if (!declared.isTextual()) {
      in.error(
          "type",
          "type:string",
          "Expected type to be a string, but found " + MessageReader.describe(declared) + ".");
      return null;
    }
    Optional<EventType> type = EventType.fromSpecName(declared.textValue());
    if (type.isEmpty()) {
      in.error(
          "type",
          ANY_TYPE_RULE,
          "Expected type to be one of " + ANY_TYPE_TEXT + ", but found another value.");
    }
    return type.orElse(null);
  }

  private FieldError sizeError(ObjectNode message) {
    if (JsonSupport.fitsIn(message, maxEventBytes)) {
      return null;
    }
    int size = JsonSupport.serializedSize(message);
    return new FieldError(
        MessageReader.ROOT,
        "max-size:" + maxEventBytes,
        "Expected the message to take at most "
            + maxEventBytes
            + " bytes as compact JSON, but it takes "
            + size
            + ".");
  }

  private static FieldError notAnObject(String what, JsonNode value) {
    return new FieldError(
        MessageReader.ROOT,
        "type:object",
        "Expected "
            + what
            + " to be a JSON object, but found "
            + MessageReader.describe(value)
            + ".");
  }
}
