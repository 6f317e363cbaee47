package io.tributary.bench.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Started webhook receivers, one HTTP server per receiver (except those that refuse connections),
 * and a control server that reports what they received.
 *
 * <p>A receiver answers {@code POST /hook}. The control server answers {@code GET /health}, {@code
 * GET /count?from_us=&to_us=} (requests so far whose event was sent in the window, resends
 * included: cheap, for waiting until delivery has caught up) and {@code GET
 * /report?from_us=&to_us=&sent=} (per receiver: distinct events of the window that arrived of the
 * {@code sent}, the latency from send to arrival, resends, refusals).
 */
public final class RunningSinks implements AutoCloseable {

  private static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A webhook body larger than this is refused with 413; the hub's payloads are a few KiB. */
  private static final long MAX_BODY = 4L * 1024 * 1024;

  private record Sink(SinkSpec spec, ArrivalLog log, WebServer server) {}

  private final List<Sink> sinks;
  private final WebServer control;

  private RunningSinks(List<Sink> sinks, WebServer control) {
    this.sinks = sinks;
    this.control = control;
  }

  /**
   * Starts the receivers and the control server on the loopback interface.
   *
   * @param controlPort the control server's port, 0 for any free one
   */
  public static RunningSinks start(List<SinkSpec> specs, int controlPort) {
    Objects.requireNonNull(specs, "specs");
    List<Sink> sinks = new ArrayList<>();
    try {
      for (SinkSpec spec : specs) {
        ArrivalLog log = new ArrivalLog();
        WebServer server =
            spec.behaviour() == SinkSpec.Behaviour.REFUSE
                ? null
                : WebServer.builder()
                    .host("127.0.0.1")
                    .port(spec.port())
                    .maxPayloadSize(MAX_BODY)
                    .shutdownHook(false)
                    .routing(r -> r.post("/hook", (req, res) -> receive(spec, log, req, res)))
                    .build()
                    .start();
        sinks.add(new Sink(spec, log, server));
      }
      List<Sink> started = List.copyOf(sinks);
      WebServer control =
          WebServer.builder()
              .host("127.0.0.1")
              .port(controlPort)
              .shutdownHook(false)
              .routing(
                  r ->
                      r.get("/health", (req, res) -> res.send("ok"))
                          .get("/count", (req, res) -> count(started, req, res))
                          .get("/report", (req, res) -> report(started, req, res)))
              .build()
              .start();
      return new RunningSinks(started, control);
    } catch (RuntimeException e) {
      sinks.forEach(s -> stop(s.server()));
      throw e;
    }
  }

  private static void receive(SinkSpec spec, ArrivalLog log, ServerRequest req, ServerResponse res)
      throws Exception {
    long arrival = nowMicros();
    byte[] body = req.content().inputStream().readAllBytes();
    if (spec.behaviour() == SinkSpec.Behaviour.ANSWER_503) {
      log.refused();
      res.status(Status.SERVICE_UNAVAILABLE_503).send();
      return;
    }
    log.httpRequest();
    String key = req.headers().first(IDEMPOTENCY_KEY).orElse(null);
    if (SentAt.isArray(body)) {
      // Several events in one request: each is an arrival, keyed by the request's key and its place.
      long[] sentAt = SentAt.findAll(body);
      for (int i = 0; i < sentAt.length; i++) {
        log.arrived(sentAt[i], arrival, key == null ? null : key + "#" + i);
      }
      if (sentAt.length == 0) {
        log.arrived(SentAt.NONE, arrival, key);
      }
    } else {
      log.arrived(SentAt.find(body), arrival, key);
    }
    res.status(Status.OK_200).send();
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  /** The port a receiver listens on, or -1 for one that refuses connections. */
  public int port(String name) {
    return sinks.stream()
        .filter(s -> s.spec().name().equals(name))
        .findFirst()
        .map(s -> s.server() == null ? -1 : s.server().port())
        .orElseThrow(
            () -> new IllegalArgumentException("Expected a receiver named '" + name + "'"));
  }

  /** The control server's port. */
  public int controlPort() {
    return control.port();
  }

  private static void count(List<Sink> sinks, ServerRequest req, ServerResponse res)
      throws Exception {
    long from = number(req, "from_us", 0);
    long to = number(req, "to_us", Long.MAX_VALUE);
    ObjectNode body = MAPPER.createObjectNode();
    sinks.forEach(s -> body.put(s.spec().name(), s.log().countSent(from, to)));
    json(res, body);
  }

  private static void report(List<Sink> sinks, ServerRequest req, ServerResponse res)
      throws Exception {
    long from = number(req, "from_us", 0);
    long to = number(req, "to_us", Long.MAX_VALUE);
    long expected = number(req, "sent", 0);
    long now = nowMicros();
    ObjectNode body = MAPPER.createObjectNode();
    body.put("fromEpochMicros", from);
    body.put("toEpochMicros", to);
    ArrayNode items = body.putArray("sinks");
    for (Sink s : sinks) {
      ObjectNode item = MAPPER.valueToTree(s.log().summary(from, to, expected, now));
      item.put("name", s.spec().name());
      item.put("behaviour", s.spec().behaviour().label());
      items.add(item);
    }
    json(res, body);
  }

  private static long number(ServerRequest req, String name, long absent) {
    return req.query().first(name).map(Long::parseLong).orElse(absent);
  }

  private static void json(ServerResponse res, ObjectNode body) throws Exception {
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
  }

  @Override
  public void close() {
    stop(control);
    sinks.forEach(s -> stop(s.server()));
  }

  private static void stop(WebServer server) {
    if (server != null) {
      server.stop();
    }
  }
}
