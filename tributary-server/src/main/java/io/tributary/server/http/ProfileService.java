package io.tributary.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tributary.core.identity.EventRef;
import io.tributary.core.identity.IdentifierNormaliser;
import io.tributary.core.identity.IdentifierTypeSpec;
import io.tributary.core.identity.IdentityLink;
import io.tributary.core.identity.IdentityRules;
import io.tributary.core.identity.ProfileMerge;
import io.tributary.core.profile.Profile;
import io.tributary.core.log.EventLog;
import io.tributary.core.log.LogEntry;
import io.tributary.core.profile.TimelineEntry;
import io.tributary.core.state.ProfileView;
import io.tributary.core.state.StateReader;
import io.tributary.core.state.StateStoreException;
import io.tributary.core.state.TimelineCursor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The profile API, for the admin token only: a profile by any identifier or by id, its event
 * timeline, and its identity graph with the event behind every link.
 *
 * <p>Ids of profiles merged away resolve to the profile they were merged into. A timeline entry
 * whose row leaves the payload to the log (the embedded store) is read from the log by its
 * position.
 */
public final class ProfileService implements HttpService {
  private static final System.Logger LOG = System.getLogger(ProfileService.class.getName());

  private static final int DEFAULT_PAGE = 50;
  private static final int MAX_PAGE = 1000;

  private final StateReader reader;
  private final IdentityRules rules;
  private final IdentifierNormaliser normaliser;
  private final AdminAuth auth;
  private final EventLog log;

  /** @param log where timeline payloads left out of the state store are read */
  public ProfileService(StateReader reader, EventLog log, IdentityRules rules, String adminToken) {
    this.reader = reader;
    this.log = log;
    this.rules = rules;
    this.normaliser = new IdentifierNormaliser(rules);
    this.auth = new AdminAuth(adminToken);
  }

  /**
   * Answers a request whose read of the state store failed (its database is unreachable) with 503
   * and Retry-After; register it for {@link StateStoreException} on the routing.
   */
  public static void stateUnavailable(ServerRequest req, ServerResponse res, StateStoreException e) {
    LOG.log(System.Logger.Level.WARNING, "a read of the state store failed: " + e.getMessage());
    Json.sendRetryLater(
        res, Status.SERVICE_UNAVAILABLE_503, "state_unavailable", "The state store is unreachable; retry later", 1);
  }

  @Override
  public void routing(HttpRules r) {
    r.get("/v1/profiles/{first}", this::byId);
    r.get("/v1/profiles/{first}/{second}", this::twoSegments);
  }

  private void byId(ServerRequest req, ServerResponse res) {
    if (auth.check(req, res)) {
      sendProfile(res, reader.resolveProfileId(req.path().pathParameters().get("first")));
    }
  }

  /** {@code /{idType}/{value}} when the first segment is an identifier type, else {@code /{id}/events|identity}. */
  private void twoSegments(ServerRequest req, ServerResponse res) {
    if (!auth.check(req, res)) {
      return;
    }
    String first = req.path().pathParameters().get("first");
    String second = req.path().pathParameters().get("second");
    Optional<IdentifierTypeSpec> type = rules.type(first);
    if (type.isPresent()) {
      sendProfile(res, normaliser.normalise(type.get().name(), second).flatMap(reader::profileOf));
      return;
    }
    if (first.equals("profile_id")) {
      sendProfile(res, reader.resolveProfileId(second));
      return;
    }
    switch (second) {
      case "events" -> events(req, res, first);
      case "identity" -> identity(res, first);
      default ->
          Json.sendError(
              res,
              Status.NOT_FOUND_404,
              "not_found",
              "Expected /v1/profiles/{idType}/{value} with a configured identifier type, or /v1/profiles/{id}/events"
                  + " or /identity, but '" + first + "' is no identifier type");
    }
  }

  private void sendProfile(ServerResponse res, Optional<String> profileId) {
    Optional<ProfileView> view = profileId.flatMap(reader::profile);
    if (view.isEmpty()) {
      Json.sendError(res, Status.NOT_FOUND_404, "not_found", "No profile has that id or identifier");
      return;
    }
    Json.send(res, Status.OK_200, profileJson(view.get()));
  }

  static ObjectNode profileJson(ProfileView view) {
    Profile p = view.profile();
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("id", p.id());
    body.put("created_at", p.createdAt().toString());
    ArrayNode ids = body.putArray("identifiers");
    for (IdentityLink l : view.links()) {
      ids.addObject().put("type", l.identifier().type()).put("value", l.identifier().value());
    }
    ObjectNode traits = body.putObject("traits");
    p.traits().forEach((k, v) -> traits.set(k, v.value()));
    ObjectNode computed = body.putObject("computed_traits");
    computed.put("first_seen", p.firstSeen().toString());
    computed.put("last_seen", p.lastSeen().toString());
    ObjectNode counts = computed.putObject("event_counts");
    p.eventCounts().forEach(counts::put);
    ArrayNode merged = body.putArray("merged_from");
    p.mergedFrom().forEach(merged::add);
    return body;
  }

  private void events(ServerRequest req, ServerResponse res, String id) {
    Optional<String> profileId = reader.resolveProfileId(id);
    if (profileId.isEmpty()) {
      Json.sendError(res, Status.NOT_FOUND_404, "not_found", "No profile has that id");
      return;
    }
    int limit;
    TimelineCursor cursor;
    try {
      limit = req.query().first("limit").map(Integer::parseInt).orElse(DEFAULT_PAGE);
      if (limit < 1 || limit > MAX_PAGE) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      Json.sendError(res, Status.BAD_REQUEST_400, "invalid_query", "Expected limit to be an integer from 1 to " + MAX_PAGE);
      return;
    }
    try {
      cursor = req.query().first("cursor").map(ProfileService::decodeCursor).orElse(null);
    } catch (IllegalArgumentException e) {
      Json.sendError(res, Status.BAD_REQUEST_400, "invalid_query", "Expected cursor to be a next_cursor value from an earlier page");
      return;
    }
    List<TimelineEntry> page = reader.timeline(profileId.get(), cursor, limit);
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("profile_id", profileId.get());
    ArrayNode events = body.putArray("events");
    for (TimelineEntry e : page) {
      events.add(e.payload().length > 0 ? payload(e) : fromLog(e));
    }
    if (page.size() == limit) {
      body.put("next_cursor", encodeCursor(page.getLast()));
    } else {
      body.putNull("next_cursor");
    }
    Json.send(res, Status.OK_200, body);
  }

  private void identity(ServerResponse res, String id) {
    Optional<String> profileId = reader.resolveProfileId(id);
    Optional<ProfileView> view = profileId.flatMap(reader::profile);
    if (view.isEmpty()) {
      Json.sendError(res, Status.NOT_FOUND_404, "not_found", "No profile has that id");
      return;
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("profile_id", profileId.get());
    ArrayNode links = body.putArray("links");
    for (IdentityLink l : view.get().links()) {
      ObjectNode link = links.addObject();
      link.put("type", l.identifier().type()).put("value", l.identifier().value());
      link.set("event", eventRef(l.cause()));
    }
    ArrayNode merges = body.putArray("merges");
    for (ProfileMerge m : reader.merges(profileId.get())) {
      ObjectNode merge = merges.addObject();
      merge.put("merged_id", m.mergedId()).put("into_id", m.survivorId());
      merge.set("event", eventRef(m.cause()));
    }
    Json.send(res, Status.OK_200, body);
  }

  private static ObjectNode eventRef(EventRef ref) {
    return Json.MAPPER.createObjectNode()
        .put("source_id", ref.sourceId())
        .put("message_id", ref.messageId())
        .put("log_partition", ref.partition())
        .put("log_position", ref.position())
        .put("timestamp", ref.timestamp().toString());
  }

  /**
   * The event as its log record holds it; when the log's retention discarded the record, what the
   * timeline itself keeps of it, marked {@code expired}.
   */
  private JsonNode fromLog(TimelineEntry e) {
    List<LogEntry> record = log.read(e.partition(), e.position(), 1);
    if (record.isEmpty() || record.getFirst().position() != e.position()) {
      if (e.position() < log.firstPosition(e.partition())) {
        return expired(e);
      }
      throw new IllegalStateException(
          "Expected the log to hold the timeline's event at partition " + e.partition() + " position " + e.position() + ", but it does not");
    }
    return payload(
        new TimelineEntry(
            e.profileId(), e.partition(), e.position(), e.type(), e.name(), e.timestamp(), e.messageId(), e.sourceId(), record.getFirst().payload()));
  }

  private static ObjectNode expired(TimelineEntry e) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("type", e.type().specName());
    if (e.name() != null) {
      o.put(e.type() == io.tributary.core.event.EventType.TRACK ? "event" : "name", e.name());
    }
    o.put("messageId", e.messageId());
    o.put("sourceId", e.sourceId());
    o.put("timestamp", e.timestamp().toString());
    o.put("expired", true);
    return o;
  }

  private static JsonNode payload(TimelineEntry e) {
    try {
      return Json.MAPPER.readTree(e.payload());
    } catch (IOException ex) {
      throw new UncheckedIOException("A timeline payload is not JSON", ex);
    }
  }

  static String encodeCursor(TimelineEntry last) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, last.timestamp());
    String raw = micros + ":" + last.partition() + ":" + last.position();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static TimelineCursor decodeCursor(String cursor) {
    String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    String[] parts = raw.split(":");
    if (parts.length != 3) {
      throw new IllegalArgumentException("Expected a cursor of three parts");
    }
    return new TimelineCursor(
        Instant.EPOCH.plus(Long.parseLong(parts[0]), ChronoUnit.MICROS),
        Integer.parseInt(parts[1]),
        Long.parseLong(parts[2]));
  }
}
