package io.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scriptable stand-in for the hub's HTTP API, for tests of the load generator: it can throttle
 * the first requests, records when each request arrived, and serves the profile API with a
 * configurable delay between an identify arriving and its profile becoming visible.
 */
final class FakeIngestServer implements AutoCloseable {

  static final String WRITE_KEY = "fake-write-key";
  static final String ADMIN_TOKEN = "fake-admin-token";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final AtomicInteger throttleRemaining;
  private final Duration visibilityDelay;
  private final List<Long> arrivalNanos = new ArrayList<>();
  private final AtomicLong acceptedEvents = new AtomicLong();
  private final Map<String, Long> identifiedAtNanos = new ConcurrentHashMap<>();
  private final WebServer server;

  private FakeIngestServer(int throttleFirst, Duration visibilityDelay) {
    this.throttleRemaining = new AtomicInteger(throttleFirst);
    this.visibilityDelay = visibilityDelay;
    this.server =
        WebServer.builder()
            .host("127.0.0.1")
            .port(0)
            .shutdownHook(false)
            .routing(
                r ->
                    r.post("/v1/batch", this::batch)
                        .get("/v1/profiles/{idType}/{value}", this::profile))
            .build()
            .start();
  }

  /** Answers the first {@code n} batch requests 503 with {@code Retry-After: 1}. */
  static FakeIngestServer throttlingFirst(int n) {
    return new FakeIngestServer(n, Duration.ZERO);
  }

  /** Accepts everything; a profile shows up {@code delay} after its identify arrived. */
  static FakeIngestServer withVisibilityDelay(Duration delay) {
    return new FakeIngestServer(0, delay);
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Arrival times of all batch requests, throttled ones included, in arrival order. */
  List<Long> arrivalNanos() {
    synchronized (arrivalNanos) {
      return List.copyOf(arrivalNanos);
    }
  }

  long acceptedEvents() {
    return acceptedEvents.get();
  }

  /** User ids of every identify event accepted. */
  Set<String> identifiedUserIds() {
    return Set.copyOf(identifiedAtNanos.keySet());
  }

  private void batch(ServerRequest req, ServerResponse res) throws Exception {
    long now = System.nanoTime();
    synchronized (arrivalNanos) {
      arrivalNanos.add(now);
    }
    byte[] body = req.content().inputStream().readAllBytes();
    if (!req.headers().first(HeaderNames.AUTHORIZATION).orElse("").startsWith("Basic ")) {
      res.status(Status.UNAUTHORIZED_401).send();
      return;
    }
    if (throttleRemaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      res.header(HeaderNames.RETRY_AFTER, "1").status(Status.SERVICE_UNAVAILABLE_503).send();
      return;
    }
    JsonNode events = MAPPER.readTree(body).path("batch");
    for (JsonNode event : events) {
      if ("identify".equals(event.path("type").asText())) {
        identifiedAtNanos.putIfAbsent(event.path("userId").asText(), now);
      }
    }
    acceptedEvents.addAndGet(events.size());
    res.status(Status.OK_200).send("{\"success\":true}");
  }

  private void profile(ServerRequest req, ServerResponse res) {
    if (!("Bearer " + ADMIN_TOKEN)
        .equals(req.headers().first(HeaderNames.AUTHORIZATION).orElse(""))) {
      res.status(Status.UNAUTHORIZED_401).send();
      return;
    }
    String value = req.path().pathParameters().get("value");
    Long identifiedAt = identifiedAtNanos.get(value);
    boolean visible =
        identifiedAt != null && System.nanoTime() - identifiedAt >= visibilityDelay.toNanos();
    res.status(visible ? Status.OK_200 : Status.NOT_FOUND_404).send();
  }

  @Override
  public void close() {
    server.stop();
  }
}
