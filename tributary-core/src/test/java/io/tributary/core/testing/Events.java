package io.tributary.core.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.event.Event;
import io.tributary.core.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds {@link Event}s for tests, without going through the Segment JSON parser.
 *
 * <p>Use synthetic people only: names like "Ada Example", addresses {@code @example.com}, phone
 * numbers from fiction ranges ({@code +1 202-555-01xx}, {@code +49 1555 0xxxxxx}).
 *
 * <pre>{@code
 * Event login = Events.identify().userId("u-1").anonymousId("a-1")
 *     .trait("email", "ada@example.com").at(Events.T0.plusSeconds(60)).build();
 * }</pre>
 *
 * Unless set, the source is {@code web}, the message id is unique within the JVM, the timestamp is
 * {@link #T0} and the hub received the event at its timestamp.
 */
public final class Events {

  /** The default event time. */
  public static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicLong MESSAGE_IDS = new AtomicLong();

  private Events() {}

  public static Builder track(String eventName) {
    return new Builder(EventType.TRACK).event(eventName);
  }

  public static Builder identify() {
    return new Builder(EventType.IDENTIFY);
  }

  public static Builder page(String name) {
    return new Builder(EventType.PAGE).name(name);
  }

  public static Builder screen(String name) {
    return new Builder(EventType.SCREEN).name(name);
  }

  public static Builder group(String groupId) {
    return new Builder(EventType.GROUP).groupId(groupId);
  }

  /** An alias from {@code previousId} to the builder's user (or anonymous) id. */
  public static Builder alias(String previousId) {
    return new Builder(EventType.ALIAS).previousId(previousId);
  }

  /** A mutable builder; {@link #build()} may be called more than once. */
  public static final class Builder {
    private final EventType type;
    private String messageId = "test-msg-" + MESSAGE_IDS.incrementAndGet();
    private String sourceId = "web";
    private String userId;
    private String anonymousId;
    private String event;
    private String name;
    private String groupId;
    private String previousId;
    private Instant timestamp = T0;
    private Instant receivedAt;
    private final ObjectNode properties = JSON.createObjectNode();
    private final ObjectNode traits = JSON.createObjectNode();
    private final ObjectNode context = JSON.createObjectNode();

    private Builder(EventType type) {
      this.type = type;
    }

    public Builder messageId(String messageId) {
      this.messageId = Objects.requireNonNull(messageId, "messageId");
      return this;
    }

    public Builder source(String sourceId) {
      this.sourceId = Objects.requireNonNull(sourceId, "sourceId");
      return this;
    }

    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    public Builder anonymousId(String anonymousId) {
      this.anonymousId = anonymousId;
      return this;
    }

    public Builder event(String event) {
      this.event = event;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder groupId(String groupId) {
      this.groupId = groupId;
      return this;
    }

    public Builder previousId(String previousId) {
      this.previousId = previousId;
      return this;
    }

    public Builder at(Instant timestamp) {
      this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
      return this;
    }

    /** The timestamp {@code offset} after {@link #T0}. */
    public Builder after(Duration offset) {
      return at(T0.plus(offset));
    }

    public Builder receivedAt(Instant receivedAt) {
      this.receivedAt = receivedAt;
      return this;
    }

    /** A {@code traits} entry; the value is converted to JSON (strings, numbers, maps, nodes). */
    public Builder trait(String key, Object value) {
      traits.set(key, JSON.valueToTree(value));
      return this;
    }

    /** A {@code context.traits} entry. */
    public Builder contextTrait(String key, Object value) {
      context.withObjectProperty("traits").set(key, JSON.valueToTree(value));
      return this;
    }

    /** A {@code context.externalIds} entry with the Segment-usual collection and encoding. */
    public Builder externalId(String type, Object id) {
      ObjectNode entry = context.withArrayProperty("externalIds").addObject();
      entry.set("id", JSON.valueToTree(id));
      entry.put("type", type);
      entry.put("collection", "users");
      entry.put("encoding", "none");
      return this;
    }

    /** A {@code context.consent.categoryPreferences} entry, as Segment's consent spec writes it. */
    public Builder consent(String category, boolean granted) {
      context.withObjectProperty("consent").withObjectProperty("categoryPreferences").put(category, granted);
      return this;
    }

    public Builder property(String key, Object value) {
      properties.set(key, JSON.valueToTree(value));
      return this;
    }

    public Event build() {
      return new Event(
          type,
          messageId,
          sourceId,
          userId,
          anonymousId,
          event,
          name,
          null,
          groupId,
          previousId,
          timestamp,
          timestamp,
          null,
          receivedAt != null ? receivedAt : timestamp,
          properties.deepCopy(),
          traits.deepCopy(),
          context.deepCopy(),
          JSON.createObjectNode());
    }
  }
}
