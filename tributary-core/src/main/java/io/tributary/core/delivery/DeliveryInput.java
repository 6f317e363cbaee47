package io.tributary.core.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.NullValue;
import io.tributary.core.event.CanonicalInstants;
import io.tributary.core.event.Event;
import io.tributary.core.event.EventCodec;
import io.tributary.core.identity.IdentityLink;
import io.tributary.core.profile.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What filters and mappings see of one processed event: {@code event}, the Segment-spec message,
 * and {@code profile}, the profile it was resolved to as it stood right after the event:
 *
 * <pre>{@code
 * profile: {id, traits: {...}, computed_traits: {first_seen, last_seen, event_counts: {...}},
 *           identifiers: {email: ["..."], user_id: ["..."], ...}, merged_from: [...]}
 * }</pre>
 *
 * Built once per event and shared by every destination. Everything is made lazily, on first use:
 * the JSON trees only when a filter or a mapping needs them, and the value types CEL and JSONata
 * each want from those. The default payload needs no tree of the event: it is the event's bytes
 * as the log holds them with the profile snapshot spliced in. Not thread-safe.
 */
public final class DeliveryInput {
  private final Event event;
  private final byte[] encodedEvent;
  private final Profile profile;
  private final List<IdentityLink> links;
  private byte[] snapshotBytes;
  private ObjectNode document;
  private Map<String, Object> forCel;
  private Map<String, Object> forJsonata;
  private byte[] defaultPayloadBytes;

  public DeliveryInput(Event event, Profile profile, List<IdentityLink> links) {
    this(event, null, profile, links);
  }

  /**
   * @param encodedEvent the event as {@link EventCodec#encode} wrote it (its log entry), or null to
   *     encode it when needed
   */
  public DeliveryInput(Event event, byte[] encodedEvent, Profile profile, List<IdentityLink> links) {
    this.event = event;
    this.encodedEvent = encodedEvent;
    this.profile = profile;
    this.links = links;
  }

  /**
   * An input read back from its {@link #documentBytes()} (a dead letter whose mapping failed): it
   * has no {@link #event()}, only the document filters and mappings see.
   */
  static DeliveryInput ofDocument(ObjectNode document) {
    DeliveryInput input = new DeliveryInput(null, null, null, null);
    input.document = document;
    return input;
  }

  /** The event, or null for an input made {@link #ofDocument of its document}. */
  public Event event() {
    return event;
  }

  /** {@code {event, profile}} as JSON; must not be mutated. */
  public ObjectNode document() {
    if (document == null) {
      document = DefinitionJson.MAPPER.createObjectNode();
      document.set("event", EventCodec.toJson(event));
      document.set("profile", snapshot());
    }
    return document;
  }

  /** The snapshot as a tree, read from {@link #snapshotBytes()}, its one definition. */
  private JsonNode snapshot() {
    try {
      return DefinitionJson.MAPPER.readTree(snapshotBytes());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("The profile snapshot just written is not JSON", e);
    }
  }

  private byte[] snapshotBytes() {
    if (snapshotBytes == null) {
      snapshotBytes = snapshotBytes(profile, links);
    }
    return snapshotBytes;
  }

  /** {@link #document()} as UTF-8 JSON. */
  public byte[] documentBytes() {
    try {
      return DefinitionJson.MAPPER.writeValueAsBytes(document());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("A JSON tree did not serialise", e);
    }
  }

  /**
   * {@link #defaultPayload()} as UTF-8 JSON, made once per event and shared by every destination
   * without a mapping (the array must not be changed).
   */
  byte[] defaultPayloadBytes() throws com.fasterxml.jackson.core.JsonProcessingException {
    if (defaultPayloadBytes == null && event == null) {
      defaultPayloadBytes = DefinitionJson.MAPPER.writeValueAsBytes(defaultPayload());
    } else if (defaultPayloadBytes == null) {
      byte[] eventBytes = encodedEvent == null ? EventCodec.encode(event) : encodedEvent;
      int end = eventBytes.length - 1;
      while (end > 0 && Character.isWhitespace(eventBytes[end])) {
        end--;
      }
      if (end <= 1 || eventBytes[end] != '}') {
        defaultPayloadBytes = DefinitionJson.MAPPER.writeValueAsBytes(defaultPayload());
      } else {
        // The event's object, less its closing brace, then ,"profile":{...}} (encode always writes
        // at least type and messageId, so the object is never empty).
        byte[] profileBytes = snapshotBytes();
        byte[] out = new byte[end + PROFILE_FIELD.length + profileBytes.length + 1];
        System.arraycopy(eventBytes, 0, out, 0, end);
        System.arraycopy(PROFILE_FIELD, 0, out, end, PROFILE_FIELD.length);
        System.arraycopy(profileBytes, 0, out, end + PROFILE_FIELD.length, profileBytes.length);
        out[out.length - 1] = '}';
        defaultPayloadBytes = out;
      }
    }
    return defaultPayloadBytes;
  }

  private static final byte[] PROFILE_FIELD = ",\"profile\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** The default payload: the Segment-spec event with a {@code profile} snapshot added. */
  public ObjectNode defaultPayload() {
    ObjectNode payload = ((ObjectNode) document().get("event")).deepCopy();
    payload.set("profile", document().get("profile"));
    return payload;
  }

  Map<String, Object> celVariables() {
    if (forCel == null) {
      forCel = new LinkedHashMap<>();
      forCel.put("event", celValue(document().get("event")));
      forCel.put("profile", celValue(document().get("profile")));
    }
    return forCel;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> jsonataInput() {
    if (forJsonata == null) {
      forJsonata = DefinitionJson.MAPPER.convertValue(document(), Map.class);
    }
    return forJsonata;
  }

  /**
   * The {@code profile} of the input, written straight to JSON (the default payload needs no tree):
   * id, traits, computed traits, identifiers grouped by type in the order they were linked, and
   * the ids merged into it.
   */
  static byte[] snapshotBytes(Profile p, List<IdentityLink> links) {
    var out = new java.io.ByteArrayOutputStream(512);
    try (com.fasterxml.jackson.core.JsonGenerator g = DefinitionJson.MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", p.id());
      g.writeObjectFieldStart("traits");
      for (var t : p.traits().entrySet()) {
        g.writeFieldName(t.getKey());
        g.writeTree(t.getValue().value());
      }
      g.writeEndObject();
      g.writeObjectFieldStart("computed_traits");
      g.writeStringField("first_seen", CanonicalInstants.format(p.firstSeen()));
      g.writeStringField("last_seen", CanonicalInstants.format(p.lastSeen()));
      g.writeObjectFieldStart("event_counts");
      for (var c : p.eventCounts().entrySet()) {
        g.writeNumberField(c.getKey(), c.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
      g.writeObjectFieldStart("identifiers");
      Map<String, List<String>> byType = new LinkedHashMap<>();
      for (IdentityLink l : links) {
        byType.computeIfAbsent(l.identifier().type(), k -> new ArrayList<>()).add(l.identifier().value());
      }
      for (var e : byType.entrySet()) {
        g.writeArrayFieldStart(e.getKey());
        for (String v : e.getValue()) {
          g.writeString(v);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
      g.writeArrayFieldStart("merged_from");
      for (String m : p.mergedFrom()) {
        g.writeString(m);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Writing JSON to memory cannot fail, but it did", e);
    }
    return out.toByteArray();
  }

  /** JSON as CEL's runtime takes it: whole numbers as long, null as NullValue. */
  private static Object celValue(JsonNode n) {
    return switch (n.getNodeType()) {
      case OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        n.properties().forEach(e -> m.put(e.getKey(), celValue(e.getValue())));
        yield m;
      }
      case ARRAY -> {
        List<Object> l = new ArrayList<>(n.size());
        n.forEach(item -> l.add(celValue(item)));
        yield l;
      }
      case STRING -> n.asText();
      case BOOLEAN -> n.asBoolean();
      case NUMBER -> n.isIntegralNumber() && n.canConvertToLong() ? (Object) n.asLong() : (Object) n.asDouble();
      case BINARY -> n.asText();
      default -> NullValue.NULL_VALUE;
    };
  }
}
