package io.tributary.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Timer;
import io.tributary.core.event.BatchResult;
import io.tributary.core.event.Event;
import io.tributary.core.event.EventCodec;
import io.tributary.core.event.EventType;
import io.tributary.core.event.ParseResult;
import io.tributary.core.event.SegmentParser;
import io.tributary.core.log.EventLog;
import io.tributary.core.log.LogException;
import io.tributary.core.log.LogRecord;
import io.tributary.server.HubMetrics;
import io.tributary.server.HubSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Segment HTTP Tracking API: {@code /v1/track}, {@code identify}, {@code page}, {@code screen},
 * {@code group}, {@code alias} and {@code batch} (also as {@code import}).
 *
 * <p>A 200 means every accepted event is durable in the log. Requests the hub cannot make durable
 * now are answered 429 (the processor is too far behind) or 503 (the log cannot take more, or
 * failed) with Retry-After, and nothing of them is kept in memory.
 */
public final class IngestService implements HttpService {
  private static final long APPEND_TIMEOUT_SECONDS = 30;

  private final SegmentParser parser;
  private final EventLog log;
  private final Sources sources;
  private final HubMetrics metrics;
  private final InstantSource clock;
  private final HubSettings settings;
  private final Backpressure backpressure;

  /** What ingest asks before it takes a request, so that it can refuse early. */
  public interface Backpressure {
    /** Events in the log that the processors have not applied yet. */
    long processingLag();

    /** Whether the log can make appends durable now (false: its servers are unreachable). */
    boolean logAvailable();
  }

  public IngestService(
      SegmentParser parser,
      EventLog log,
      Sources sources,
      HubMetrics metrics,
      InstantSource clock,
      HubSettings settings,
      Backpressure backpressure) {
    this.parser = parser;
    this.log = log;
    this.sources = sources;
    this.metrics = metrics;
    this.clock = clock;
    this.settings = settings;
    this.backpressure = backpressure;
  }

  @Override
  public void routing(HttpRules rules) {
    for (EventType type : EventType.values()) {
      Timer timer = metrics.requestTimer(type.specName());
      post(rules, "/v1/" + type.specName(), (req, res) -> timed(timer, () -> single(type, req, res)));
    }
    Timer batchTimer = metrics.requestTimer("batch");
    post(rules, "/v1/batch", (req, res) -> timed(batchTimer, () -> batch(req, res)));
    post(rules, "/v1/import", (req, res) -> timed(batchTimer, () -> batch(req, res)));
  }

  /** Routes the path with and without a trailing slash: Segment's Java library posts to {@code /v1/import/}. */
  private static void post(HttpRules rules, String path, io.helidon.webserver.http.Handler handler) {
    rules.post(path, handler);
    rules.post(path + "/", handler);
  }

  private static void timed(Timer timer, Runnable r) {
    long start = System.nanoTime();
    try {
      r.run();
    } finally {
      timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private void single(EventType type, ServerRequest req, ServerResponse res) {
    Instant receivedAt = clock.instant();
    Optional<Request> request = read(req, res, settings.maxEventBytes());
    if (request.isEmpty()) {
      return;
    }
    String source = request.get().sourceId();
    ParseResult result = parser.parse(request.get().body(), type, source, receivedAt);
    switch (result) {
      case ParseResult.Rejected rejected -> {
        metrics.rejected(source, "invalid", 1);
        ObjectNode body =
            Json.error("invalid_event", rejected.errors().size() + " field(s) of the " + type.specName() + " call are invalid");
        body.set("errors", Json.fieldErrors(rejected.errors()));
        Json.send(res, Status.BAD_REQUEST_400, body);
      }
      case ParseResult.Accepted accepted -> {
        if (append(res, source, List.of(accepted.event()))) {
          metrics.accepted(source, 1);
          Json.send(res, Status.OK_200, success());
        }
      }
    }
  }

  private void batch(ServerRequest req, ServerResponse res) {
    Instant receivedAt = clock.instant();
    Optional<Request> request = read(req, res, settings.maxBatchBytes());
    if (request.isEmpty()) {
      return;
    }
    String source = request.get().sourceId();
    BatchResult result = parser.parseBatch(request.get().body(), source, receivedAt);
    if (!result.batchErrors().isEmpty()) {
      metrics.rejected(source, "invalid", 1);
      ObjectNode body = Json.error("invalid_batch", "The batch as a whole is invalid; no event of it was kept");
      body.set("errors", Json.fieldErrors(result.batchErrors()));
      Json.send(res, Status.BAD_REQUEST_400, body);
      return;
    }
    List<Event> events = new ArrayList<>(result.accepted().size());
    result.accepted().forEach(item -> events.add(item.event()));
    if (!append(res, source, events)) {
      return;
    }
    metrics.accepted(source, events.size());
    if (result.rejected().isEmpty()) {
      Json.send(res, Status.OK_200, success());
      return;
    }
    metrics.rejected(source, "invalid", result.rejected().size());
    ObjectNode body =
        Json.error(
            "invalid_events",
            result.rejected().size() + " of " + (events.size() + result.rejected().size())
                + " events are invalid and were not kept; the " + events.size()
                + " valid ones are durable and must not be resent");
    body.put("accepted", events.size());
    ArrayNode rejected = body.putArray("rejected");
    for (var item : result.rejected()) {
      ObjectNode r = rejected.addObject();
      r.put("index", item.index());
      r.set("errors", Json.fieldErrors(item.errors()));
    }
    Json.send(res, Status.BAD_REQUEST_400, body);
  }

  private record Request(String sourceId, JsonNode body) {}

  /**
   * The body, at most {@code maxBytes + 1} bytes of it (one more tells it was too large). With a
   * declared length the body is read into one array of that size, where {@link
   * InputStream#readNBytes(int)} reads into 16 KiB pieces and copies them into a new array (twice
   * the body allocated; about 3 % of the hub's allocation at 5,000 events/s, docs/benchmarks.md).
   * A body longer than declared (one Helidon has decoded from gzip) is read on after it the
   * general way.
   */
  static byte[] readBody(InputStream in, long declared, int maxBytes) throws IOException {
    if (declared < 0 || declared > maxBytes) {
      return in.readNBytes(maxBytes + 1);
    }
    byte[] body = new byte[(int) declared];
    int n = in.readNBytes(body, 0, body.length);
    if (n < body.length) {
      return java.util.Arrays.copyOf(body, n);
    }
    byte[] rest = in.readNBytes(maxBytes + 1 - n);
    if (rest.length == 0) {
      return body;
    }
    byte[] all = java.util.Arrays.copyOf(body, n + rest.length);
    System.arraycopy(rest, 0, all, n, rest.length);
    return all;
  }

  /** Reads, bounds, parses and authenticates a request; answers it and returns empty if it can't go on. */
  private Optional<Request> read(ServerRequest req, ServerResponse res, int maxBytes) {
    Optional<String> basicKey = Sources.basicUser(req.headers().first(HeaderNames.AUTHORIZATION));
    Optional<String> headerSource = basicKey.flatMap(sources::sourceOf);
    if (basicKey.isPresent() && headerSource.isEmpty()) {
      unauthorized(res);
      return Optional.empty();
    }
    long declared = req.headers().contentLength().orElse(-1L);
    if (declared > maxBytes) {
      tooLarge(res, headerSource.orElse(""), maxBytes);
      return Optional.empty();
    }
    byte[] bytes;
    // Helidon has already decoded a gzip body (GzipRequestDecoding); the bound applies to the
    // decoded bytes, so a small compressed body cannot expand past it.
    try (InputStream in = req.content().inputStream()) {
      bytes = readBody(in, declared, maxBytes);
    } catch (UncheckedIOException | IOException e) {
      Json.sendError(res, Status.BAD_REQUEST_400, "unreadable_body", "The request body could not be read or decoded");
      return Optional.empty();
    }
    if (bytes.length > maxBytes) {
      tooLarge(res, headerSource.orElse(""), maxBytes);
      return Optional.empty();
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(bytes);
    } catch (IOException e) { // malformed JSON: JacksonException is an IOException
      body = null;
    }
    Optional<String> source = headerSource;
    if (source.isEmpty() && body != null && body.path("writeKey").isTextual()) {
      source = sources.sourceOf(body.path("writeKey").asText());
    }
    if (source.isEmpty()) {
      unauthorized(res);
      return Optional.empty();
    }
    if (body == null || body.isMissingNode()) {
      metrics.rejected(source.get(), "invalid", 1);
      ObjectNode error = Json.error("invalid_json", "The request body is not valid JSON");
      error.set("errors", Json.fieldErrors(List.of(new io.tributary.core.event.FieldError("", "json", "Expected a JSON object as the request body, but it does not parse as JSON"))));
      Json.send(res, Status.BAD_REQUEST_400, error);
      return Optional.empty();
    }
    if (!backpressure.logAvailable()) {
      metrics.rejected(source.get(), "unavailable", 1);
      Json.sendRetryLater(
          res,
          Status.SERVICE_UNAVAILABLE_503,
          "log_unavailable",
          "The event log is unreachable; nothing of this request was kept, retry later",
          settings.retryAfterSeconds());
      return Optional.empty();
    }
    long lag = backpressure.processingLag();
    if (lag > settings.maxProcessingLag()) {
      metrics.rejected(source.get(), "throttled", 1);
      Json.sendRetryLater(
          res,
          Status.TOO_MANY_REQUESTS_429,
          "processing_behind",
          "The hub is " + lag + " events behind in processing (at most " + settings.maxProcessingLag()
              + " allowed); retry later",
          settings.retryAfterSeconds());
      return Optional.empty();
    }
    return Optional.of(new Request(source.get(), body));
  }

  /** Appends durably; answers and returns false if it could not. */
  private boolean append(ServerResponse res, String source, List<Event> events) {
    List<LogRecord> records = new ArrayList<>(events.size());
    for (Event e : events) {
      String who = e.userId() != null ? e.userId() : e.anonymousId();
      records.add(new LogRecord(source + ':' + who, EventCodec.encode(e)));
    }
    try {
      log.append(records).get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (LogException.Overloaded e) {
      metrics.rejected(source, "throttled", events.size());
      Json.sendRetryLater(res, Status.SERVICE_UNAVAILABLE_503, "log_overloaded", e.getMessage(), settings.retryAfterSeconds());
    } catch (LogException.Closed e) {
      metrics.rejected(source, "unavailable", events.size());
      Json.sendRetryLater(res, Status.SERVICE_UNAVAILABLE_503, "shutting_down", "The hub is shutting down", settings.retryAfterSeconds());
    } catch (ExecutionException | TimeoutException e) {
      metrics.rejected(source, "unavailable", events.size());
      Json.sendRetryLater(
          res,
          Status.SERVICE_UNAVAILABLE_503,
          "log_unavailable",
          "The events could not be made durable in time; retrying with the same messageId is safe",
          settings.retryAfterSeconds());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Json.sendRetryLater(res, Status.SERVICE_UNAVAILABLE_503, "shutting_down", "The hub is shutting down", settings.retryAfterSeconds());
    }
    return false;
  }

  private void unauthorized(ServerResponse res) {
    metrics.unauthorized();
    res.header(HeaderNames.WWW_AUTHENTICATE, "Basic realm=\"tributary\"");
    Json.sendError(
        res,
        Status.UNAUTHORIZED_401,
        "unauthorized",
        "Expected a known write key as the HTTP Basic user name or as writeKey in the body");
  }

  private void tooLarge(ServerResponse res, String source, int maxBytes) {
    metrics.rejected(source, "too_large", 1);
    Json.sendError(
        res,
        Status.REQUEST_ENTITY_TOO_LARGE_413,
        "too_large",
        "Expected a request body of at most " + maxBytes + " bytes");
  }

  private static ObjectNode success() {
    return Json.MAPPER.createObjectNode().put("success", true);
  }
}
