package io.tributary.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tributary.core.delivery.DeadLetter;
import io.tributary.core.delivery.DeadLetterQuery;
import io.tributary.core.delivery.DefinitionJson;
import io.tributary.core.delivery.DeliveryEngine;
import io.tributary.core.delivery.DestinationDefinition;
import io.tributary.core.delivery.InvalidDefinitionException;
import io.tributary.core.delivery.Outbox;
import io.tributary.core.delivery.StoredDestination;
import io.tributary.server.DeliveryStats;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The destinations admin API (admin token only): define, change, pause, resume and delete
 * destinations, see how each is doing, and work its dead-letter queue (list, inspect, replay one,
 * by filter or all, discard).
 */
public final class DestinationService implements HttpService {
  private static final int MAX_BODY = 256 * 1024;
  private static final int DEFAULT_PAGE = 50;
  private static final int MAX_PAGE = 1000;
  /** The most dead letters one replay or discard by filter touches; repeat for more. */
  private static final int MAX_BULK = 10_000;

  private final DeliveryEngine engine;
  private final DeliveryStats stats;
  private final AdminAuth auth;

  public DestinationService(DeliveryEngine engine, DeliveryStats stats, String adminToken) {
    this.engine = engine;
    this.stats = stats;
    this.auth = new AdminAuth(adminToken);
  }

  @Override
  public void routing(HttpRules r) {
    r.get("/v1/destinations", guarded(this::list));
    r.post("/v1/destinations", guarded(this::create));
    r.get("/v1/destinations/{name}", guarded(this::get));
    r.put("/v1/destinations/{name}", guarded(this::put));
    r.delete("/v1/destinations/{name}", guarded(this::delete));
    r.post("/v1/destinations/{name}/pause", guarded((req, res) -> pause(req, res, true)));
    r.post("/v1/destinations/{name}/resume", guarded((req, res) -> pause(req, res, false)));
    r.get("/v1/destinations/{name}/dead-letters", guarded(this::deadLetters));
    r.post("/v1/destinations/{name}/dead-letters/replay", guarded(this::replayByFilter));
    r.delete("/v1/destinations/{name}/dead-letters", guarded(this::discardByFilter));
    r.get("/v1/destinations/{name}/dead-letters/{id}", guarded(this::deadLetter));
    r.post("/v1/destinations/{name}/dead-letters/{id}/replay", guarded(this::replayOne));
    r.delete("/v1/destinations/{name}/dead-letters/{id}", guarded(this::discardOne));
  }

  private interface Handler {
    void handle(ServerRequest req, ServerResponse res) throws IOException;
  }

  private io.helidon.webserver.http.Handler guarded(Handler h) {
    return (req, res) -> {
      if (auth.check(req, res)) {
        h.handle(req, res);
      }
    };
  }

  private void list(ServerRequest req, ServerResponse res) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode items = body.putArray("destinations");
    engine.list().forEach(s -> items.add(statusJson(s)));
    Json.send(res, Status.OK_200, body);
  }

  private void get(ServerRequest req, ServerResponse res) {
    Optional<DeliveryEngine.Status> s = engine.get(name(req));
    if (s.isEmpty()) {
      notFound(res);
    } else {
      Json.send(res, Status.OK_200, statusJson(s.get()));
    }
  }

  private void create(ServerRequest req, ServerResponse res) throws IOException {
    Optional<JsonNode> doc = body(req, res);
    if (doc.isEmpty()) {
      return;
    }
    DestinationDefinition d = definition(res, doc.get(), null);
    if (d == null) {
      return;
    }
    if (engine.get(d.name()).isPresent()) {
      Json.sendError(res, Status.CONFLICT_409, "already_exists", "A destination named '" + d.name() + "' exists; PUT /v1/destinations/" + d.name() + " replaces it");
      return;
    }
    define(res, d);
  }

  private void put(ServerRequest req, ServerResponse res) throws IOException {
    Optional<JsonNode> doc = body(req, res);
    if (doc.isEmpty()) {
      return;
    }
    DestinationDefinition d = definition(res, doc.get(), name(req));
    if (d != null) {
      define(res, d);
    }
  }

  private void define(ServerResponse res, DestinationDefinition d) {
    try {
      var result = engine.define(d);
      Json.send(res, result.getValue() ? Status.CREATED_201 : Status.OK_200, statusJson(engine.get(d.name()).orElseThrow()));
    } catch (InvalidDefinitionException e) {
      invalid(res, e);
    } catch (DeliveryEngine.DefinedInConfiguration e) {
      Json.sendError(res, Status.CONFLICT_409, "defined_in_configuration", e.getMessage());
    }
  }

  private DestinationDefinition definition(ServerResponse res, JsonNode doc, String name) {
    try {
      return DefinitionJson.read(doc, name);
    } catch (InvalidDefinitionException e) {
      invalid(res, e);
      return null;
    }
  }

  private static void invalid(ServerResponse res, InvalidDefinitionException e) {
    ObjectNode body = Json.error("invalid_definition", "The destination definition was refused; nothing was changed");
    body.set("errors", Json.fieldErrors(e.errors()));
    Json.send(res, Status.BAD_REQUEST_400, body);
  }

  private void delete(ServerRequest req, ServerResponse res) {
    try {
      if (engine.delete(name(req))) {
        res.status(Status.NO_CONTENT_204).send();
      } else {
        notFound(res);
      }
    } catch (DeliveryEngine.DefinedInConfiguration e) {
      Json.sendError(res, Status.CONFLICT_409, "defined_in_configuration", e.getMessage());
    }
  }

  private void pause(ServerRequest req, ServerResponse res, boolean paused) {
    Optional<StoredDestination> s = engine.setPaused(name(req), paused);
    if (s.isEmpty()) {
      notFound(res);
    } else {
      Json.send(res, Status.OK_200, statusJson(engine.get(s.get().name()).orElseThrow()));
    }
  }

  private void deadLetters(ServerRequest req, ServerResponse res) {
    String name = name(req);
    if (engine.get(name).isEmpty()) {
      notFound(res);
      return;
    }
    Optional<DeadLetterQuery> q = query(req, res, name, DEFAULT_PAGE, MAX_PAGE);
    if (q.isEmpty()) {
      return;
    }
    List<DeadLetter> page = engine.outbox().deadLetters(q.get());
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode items = body.putArray("dead_letters");
    page.forEach(d -> items.add(deadJson(d, false)));
    if (page.size() == q.get().limit()) {
      body.put("next_cursor", Long.toString(page.getLast().id()));
    } else {
      body.putNull("next_cursor");
    }
    Json.send(res, Status.OK_200, body);
  }

  private void deadLetter(ServerRequest req, ServerResponse res) {
    Optional<DeadLetter> d = oneDead(req, res);
    d.ifPresent(dead -> Json.send(res, Status.OK_200, deadJson(dead, true)));
  }

  private void replayOne(ServerRequest req, ServerResponse res) {
    Optional<DeadLetter> d = oneDead(req, res);
    if (d.isEmpty()) {
      return;
    }
    Outbox.Replayed replayed = engine.replay(DeadLetterQuery.one(name(req), d.get().id()));
    if (replayed.stillFailing() > 0) {
      // The message may quote the event's values: it goes to the administrator asking, not to a log.
      String error = engine.outbox().deadLetter(d.get().id()).map(DeadLetter::lastError).orElse("mapping failed");
      Json.sendError(res, Status.CONFLICT_409, "mapping_failed", "The destination's mapping failed on this dead letter again, so it stays: " + error);
      return;
    }
    replayedJson(res, replayed);
  }

  private static void replayedJson(ServerResponse res, Outbox.Replayed replayed) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("replayed", replayed.replayed());
    body.put("still_failing", replayed.stillFailing());
    Json.send(res, Status.OK_200, body);
  }

  private void discardOne(ServerRequest req, ServerResponse res) {
    Optional<DeadLetter> d = oneDead(req, res);
    if (d.isPresent()) {
      count(res, "discarded", engine.outbox().discard(DeadLetterQuery.one(name(req), d.get().id())));
    }
  }

  private void replayByFilter(ServerRequest req, ServerResponse res) {
    String name = name(req);
    if (engine.get(name).isEmpty()) {
      notFound(res);
      return;
    }
    query(req, res, name, MAX_BULK, MAX_BULK).ifPresent(q -> replayedJson(res, engine.replay(q)));
  }

  private void discardByFilter(ServerRequest req, ServerResponse res) {
    String name = name(req);
    if (engine.get(name).isEmpty()) {
      notFound(res);
      return;
    }
    query(req, res, name, MAX_BULK, MAX_BULK).ifPresent(q -> count(res, "discarded", engine.outbox().discard(q)));
  }

  private static void count(ServerResponse res, String field, int n) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put(field, n);
    Json.send(res, Status.OK_200, body);
  }

  private Optional<DeadLetter> oneDead(ServerRequest req, ServerResponse res) {
    long id;
    try {
      id = Long.parseLong(req.path().pathParameters().get("id"));
    } catch (NumberFormatException e) {
      Json.sendError(res, Status.NOT_FOUND_404, "not_found", "No dead letter has that id");
      return Optional.empty();
    }
    Optional<DeadLetter> d = engine.outbox().deadLetter(id).filter(x -> x.message().destination().equals(name(req)));
    if (d.isEmpty()) {
      Json.sendError(res, Status.NOT_FOUND_404, "not_found", "No dead letter of this destination has that id");
    }
    return d;
  }

  /**
   * The filter of a dead-letter request from its query: {@code error} (text the last error
   * contains), {@code failed_from}, {@code failed_before} (ISO-8601 instants), {@code cursor} and
   * {@code limit}.
   */
  private static Optional<DeadLetterQuery> query(ServerRequest req, ServerResponse res, String name, int dflt, int max) {
    var params = req.query();
    try {
      int limit = params.first("limit").map(Integer::parseInt).orElse(dflt);
      if (limit < 1 || limit > max) {
        throw new IllegalArgumentException("Expected limit to be an integer from 1 to " + max);
      }
      long after = params.first("cursor").map(Long::parseLong).orElse(0L);
      Function<String, Instant> instant = key -> params.first(key).map(v -> {
        try {
          return Instant.parse(v);
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("Expected " + key + " to be an ISO-8601 instant such as 2026-11-23T10:00:00Z");
        }
      }).orElse(null);
      return Optional.of(
          new DeadLetterQuery(0, name, params.first("error").orElse(null), instant.apply("failed_from"), instant.apply("failed_before"), after, limit));
    } catch (NumberFormatException e) {
      Json.sendError(res, Status.BAD_REQUEST_400, "invalid_query", "Expected limit and cursor to be integers");
    } catch (IllegalArgumentException e) {
      Json.sendError(res, Status.BAD_REQUEST_400, "invalid_query", e.getMessage());
    }
    return Optional.empty();
  }

  private Optional<JsonNode> body(ServerRequest req, ServerResponse res) throws IOException {
    byte[] bytes;
    try (InputStream in = req.content().inputStream()) {
      bytes = in.readNBytes(MAX_BODY + 1);
    }
    if (bytes.length > MAX_BODY) {
      Json.sendError(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "too_large", "Expected a definition of at most " + MAX_BODY + " bytes");
      return Optional.empty();
    }
    try {
      JsonNode doc = Json.MAPPER.readTree(bytes);
      if (doc == null || doc.isMissingNode()) {
        throw new IOException("empty body");
      }
      return Optional.of(doc);
    } catch (IOException e) {
      Json.sendError(res, Status.BAD_REQUEST_400, "invalid_json", "Expected a JSON object as the body");
      return Optional.empty();
    }
  }

  private ObjectNode statusJson(DeliveryEngine.Status s) {
    StoredDestination d = s.stored();
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("name", d.name());
    o.set("definition", DefinitionJson.write(redacted(d.definition())));
    o.put("origin", d.origin().name().toLowerCase(java.util.Locale.ROOT));
    o.put("paused", d.paused());
    o.put("updated_at", d.updatedAt().toString());
    o.put("circuit_open", s.breakerOpen());
    ArrayNode lanes = o.putArray("lanes");
    new java.util.TreeSet<>(s.lanes()).forEach(lanes::add);
    DeliveryStats.Figures f = stats.figures(d.name());
    ObjectNode st = o.putObject("stats");
    st.put("delivered", f.delivered());
    st.put("failed", f.failed());
    st.put("retries", f.retries());
    st.put("dead_lettered", f.deadLettered());
    st.put("filter_failures", f.filterFailures());
    st.put("pending", f.backlog().pending());
    st.put("dead_letters", f.backlog().deadLetters());
    putNumber(st, "lag_seconds", f.lagSeconds());
    putNumber(st, "latency_p50_ms", f.p50Millis());
    putNumber(st, "latency_p99_ms", f.p99Millis());
    if (f.lastFailure() == null) {
      st.putNull("last_failure");
    } else {
      ObjectNode lf = st.putObject("last_failure");
      lf.put("at", f.lastFailure().at().toString());
      lf.put("error", f.lastFailure().response());
    }
    return o;
  }

  private static void putNumber(ObjectNode o, String field, Double v) {
    if (v == null) {
      o.putNull(field);
    } else {
      o.put(field, v);
    }
  }

  /** Credentials in transport options are write-only: shown as "***". */
  static DestinationDefinition redacted(DestinationDefinition d) {
    Map<String, Object> options = redact(d.transport().options());
    return new DestinationDefinition(
        d.name(), d.events(), d.filter(), d.mapping(), new io.tributary.core.delivery.TransportSpec(d.transport().type(), options),
        d.delivery(), d.retry(), d.rateLimit(), d.maxInFlight(), d.consentCategory());
  }

  private static final java.util.Set<String> SECRET_KEYS = java.util.Set.of("password", "token", "secret");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> redact(Map<String, Object> options) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    options.forEach((k, v) -> {
      if (SECRET_KEYS.contains(k)) {
        out.put(k, "***");
      } else if (v instanceof Map<?, ?> m) {
        out.put(k, redact((Map<String, Object>) m));
      } else {
        out.put(k, v);
      }
    });
    return out;
  }

  private static ObjectNode deadJson(DeadLetter d, boolean withPayload) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", d.id());
    o.put("profile_id", d.message().profileId());
    o.put("idempotency_key", d.message().idempotencyKey());
    o.put("ingested_at", d.message().ingestedAt().toString());
    o.put("attempts", d.message().attempts());
    o.put("failed_at", d.failedAt().toString());
    o.put("last_error", d.lastError());
    // false: the mapping failed on the event, the letter holds the mapping's input, and a replay
    // maps it again with the destination's mapping as it is then
    o.put("mapped", d.message().id() != 0);
    if (withPayload) {
      try {
        o.set(d.message().id() == 0 ? "mapping_input" : "payload", Json.MAPPER.readTree(d.message().payload()));
      } catch (IOException e) {
        o.put("payload_base64", java.util.Base64.getEncoder().encodeToString(d.message().payload()));
      }
    }
    return o;
  }

  private static String name(ServerRequest req) {
    return req.path().pathParameters().get("name");
  }

  private static void notFound(ServerResponse res) {
    Json.sendError(res, Status.NOT_FOUND_404, "not_found", "No destination has that name");
  }
}
