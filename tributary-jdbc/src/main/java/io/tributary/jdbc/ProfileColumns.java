package io.tributary.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.event.CanonicalInstants;
import io.tributary.core.profile.Profile;
import io.tributary.core.profile.TraitValue;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a {@link Profile} is kept in the {@code profiles} row: traits, counters and merged ids as
 * JSON text, instants as ISO-8601 text (exact to the nanosecond).
 */
final class ProfileColumns {
  static final String SELECT =
      "SELECT profile_id, created_at, first_seen, last_seen, traits, event_counts, merged_from FROM profiles";
  static final String UPSERT =
      "INSERT INTO profiles (profile_id, created_at, first_seen, last_seen, traits, event_counts, merged_from)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (profile_id) DO UPDATE SET first_seen = excluded.first_seen,"
          + " last_seen = excluded.last_seen, traits = excluded.traits,"
          + " event_counts = excluded.event_counts, merged_from = excluded.merged_from";

  /** For a stored profile whose traits did not change: the rest of {@link #UPSERT}. */
  static final String UPDATE_WITHOUT_TRAITS =
      "UPDATE profiles SET first_seen = ?, last_seen = ?, event_counts = ?, merged_from = ? WHERE profile_id = ?";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProfileColumns() {}

  static Profile read(ResultSet rs) throws SQLException {
    try {
      Map<String, TraitValue> traits = new LinkedHashMap<>();
      JsonNode t = JSON.readTree(rs.getString(5));
      for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
        var e = it.next();
        traits.put(e.getKey(), new TraitValue(e.getValue().get("v"), Instant.parse(e.getValue().get("t").asText())));
      }
      Map<String, Long> counts = new LinkedHashMap<>();
      JsonNode c = JSON.readTree(rs.getString(6));
      for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
        var e = it.next();
        counts.put(e.getKey(), e.getValue().asLong());
      }
      Set<String> mergedFrom = new TreeSet<>();
      JSON.readTree(rs.getString(7)).forEach(n -> mergedFrom.add(n.asText()));
      return new Profile(
          rs.getString(1),
          Instant.parse(rs.getString(2)),
          traits,
          Instant.parse(rs.getString(3)),
          Instant.parse(rs.getString(4)),
          counts,
          mergedFrom);
    } catch (JsonProcessingException e) {
      throw new SQLException("The stored profile " + rs.getString(1) + " is not valid JSON", e);
    }
  }

  static void bind(java.sql.PreparedStatement st, Profile p) throws SQLException {
    st.setString(1, p.id());
    st.setString(2, CanonicalInstants.format(p.createdAt()));
    st.setString(3, CanonicalInstants.format(p.firstSeen()));
    st.setString(4, CanonicalInstants.format(p.lastSeen()));
    // Written straight to text: building trees first cost as much again (every event saves its
    // profile).
    try {
      StringWriter text = new StringWriter(256);
      st.setString(5, json(text, g -> {
        g.writeStartObject();
        // Traits set by one event share its timestamp: format it once.
        Instant lastInstant = null;
        String lastText = null;
        for (Map.Entry<String, TraitValue> t : p.traits().entrySet()) {
          Instant at = t.getValue().updatedAt();
          if (!at.equals(lastInstant)) {
            lastInstant = at;
            lastText = CanonicalInstants.format(at);
          }
          g.writeObjectFieldStart(t.getKey());
          g.writeStringField("t", lastText);
          g.writeFieldName("v");
          writeValue(g, t.getValue().value());
          g.writeEndObject();
        }
        g.writeEndObject();
      }));
      st.setString(6, countsJson(text, p));
      st.setString(7, mergedFromJson(text, p));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write profile " + p.id() + " as JSON", e);
    }
  }

  /** Binds {@link #UPDATE_WITHOUT_TRAITS} for {@code p}. */
  static void bindWithoutTraits(java.sql.PreparedStatement st, Profile p) throws SQLException {
    try {
      StringWriter text = new StringWriter(256);
      st.setString(1, CanonicalInstants.format(p.firstSeen()));
      st.setString(2, CanonicalInstants.format(p.lastSeen()));
      st.setString(3, countsJson(text, p));
      st.setString(4, mergedFromJson(text, p));
      st.setString(5, p.id());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write profile " + p.id() + " as JSON", e);
    }
  }

  private static String countsJson(StringWriter text, Profile p) throws IOException {
    return json(text, g -> {
      g.writeStartObject();
      for (Map.Entry<String, Long> c : p.eventCounts().entrySet()) {
        g.writeNumberField(c.getKey(), c.getValue());
      }
      g.writeEndObject();
    });
  }

  private static String mergedFromJson(StringWriter text, Profile p) throws IOException {
    return json(text, g -> {
      g.writeStartArray();
      for (String id : p.mergedFrom()) {
        g.writeString(id);
      }
      g.writeEndArray();
    });
  }

  /** Writes a trait value; strings and numbers directly, as the general tree writer costs more. */
  private static void writeValue(JsonGenerator g, JsonNode value) throws IOException {
    if (value.isTextual()) {
      g.writeString(value.textValue());
    } else if (value.isLong() || value.isInt()) {
      g.writeNumber(value.longValue());
    } else if (value.isBoolean()) {
      g.writeBoolean(value.booleanValue());
    } else {
      g.writeTree(value);
    }
  }

  private interface JsonWriting {
    void write(JsonGenerator g) throws IOException;
  }

  /** What {@code writing} writes, as text; {@code text} is reused, emptied first. */
  private static String json(StringWriter text, JsonWriting writing) throws IOException {
    text.getBuffer().setLength(0);
    try (JsonGenerator g = JSON.createGenerator(text)) {
      writing.write(g);
    }
    return text.toString();
  }

  /** Epoch microseconds, saturated to the range of a long, for ordering columns. */
  static long micros(Instant t) {
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    } catch (ArithmeticException overflow) {
      return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** The instant of epoch microseconds written by {@link #micros}. */
  static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS);
  }
}
